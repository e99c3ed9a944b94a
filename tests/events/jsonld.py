"""Read JSON-LD as a consumer does, with pyld, never reaching the network for the schema.org context."""

import json
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]

from tests.fixture_files import FIXTURES

SCHEMA_ORG_CONTEXTS = frozenset(
    {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
)


def local_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Serve schema.org's context from tests/fixtures; refuse any other address."""
    if url not in SCHEMA_ORG_CONTEXTS:
        raise jsonld.JsonLdError(
            f"tests never fetch {url}", "loading document failed", code="loading document failed"
        )
    document = json.loads((FIXTURES / "schema-org-context" / "context.jsonld").read_text(encoding="utf-8"))
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


def expand(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand a JSON-LD document to full IRIs."""
    return jsonld.expand(data, {"documentLoader": local_loader})
