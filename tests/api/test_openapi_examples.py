"""The OpenAPI description of the new operations: each one listed, its answer shown by an example."""

import json
from typing import Any

import pytest
from ninja.responses import NinjaJSONEncoder

from maillage.api.router import api

OPERATIONS = {
    ("get", "/api/v1/structures"),
    ("get", "/api/v1/relations"),
    ("get", "/api/v1/relations/{relation_id}"),
    ("patch", "/api/v1/relations/{relation_id}"),
    ("get", "/api/v1/reseaux"),
    ("get", "/api/v1/reseaux/{network_id}/membres"),
    ("get", "/api/v1/chiffres-cles"),
    ("get", "/api/v1/chiffres-cles/{figure_id}"),
    ("patch", "/api/v1/chiffres-cles/{figure_id}"),
    ("get", "/api/v1/referentiels/disciplines"),
    ("get", "/api/v1/referentiels/labels"),
    ("get", "/api/v1/enquetes"),
    ("get", "/api/v1/enquetes/{campaign_id}/resultats"),
    ("get", "/api/v1/imports"),
}


def _has_example(node: Any, schemas: dict[str, Any], seen: set[str]) -> bool:
    """Tell whether a schema or one it refers to carries an example."""
    if isinstance(node, dict):
        if "example" in node or "examples" in node:
            return True
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                return False
            seen.add(name)
            return _has_example(schemas[name], schemas, seen)
        return any(_has_example(v, schemas, seen) for v in node.values())
    if isinstance(node, list):
        return any(_has_example(v, schemas, seen) for v in node)
    return False


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    # Built from the API object, not fetched: a module-scoped fixture has no database, and the request
    # middleware (portal host names) reads it on a cold process.
    # Through JSON, as served: status codes become strings.
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), cls=NinjaJSONEncoder))


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_each_operation_is_described_with_an_example(openapi: dict[str, Any], method: str, path: str) -> None:
    operation = openapi["paths"][path][method]
    schemas = openapi["components"]["schemas"]

    assert operation["summary"]
    assert operation["description"]
    assert _has_example(operation["responses"]["200"], schemas, set())
    if method == "patch":
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])
        assert {"400", "401", "403", "404", "412", "428"} <= set(operation["responses"])
        assert _has_example(operation["requestBody"], schemas, set())


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_each_list_offers_cursors_beside_pages(openapi: dict[str, Any], method: str, path: str) -> None:
    operation = openapi["paths"][path][method]
    names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    if method == "get" and path.endswith(
        ("relations", "reseaux", "membres", "chiffres-cles", "enquetes", "imports", "structures")
    ):
        assert {"page", "taille", "curseur"} <= names
