"""Every public GET page and API endpoint, every GET parameter it reads, hit with generated junk: never a 5xx.

The pages come from the URL resolver itself, so a new page is swept without anyone listing it; their ids
are those of a small fixture (a territory, a structure, a network, a closed campaign). The values mix what
people and robots really send wrong: non-ASCII digits ("²", "٣"), control characters, NULs, 3,000
characters, numbers too large for any column.
"""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.memberships.enums import MemberRole
from maillage.structures.search import parse_filters
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.robustness.conftest import Objects

pytestmark = pytest.mark.django_db

# Read by the directory's parser (`parse_filters`), the map, the dashboards and the paginated lists.
DIRECTORY = (
    "q",
    "territoire",
    "discipline",
    "famille",
    "type",
    "reseau",
    "ess",
    "etat",
    "tri",
    "page",
    "taille",
)
MAP = ("bbox", "zoom")
OTHERS = ("q", "page", "instantane", "commune", "territoire", "email", "next", "siret")
# What isdigit() takes for a number and int() refuses or reads as another one, and numbers no column holds.
INTEGERISH = [
    "²",
    "1²",
    "³",
    "٣",
    "١٢",
    "\U0001d7d7",
    "-1",
    "0",
    " 7 ",
    "1e3",
    "99999999999999999999999999",
    "9" * 5000,
]
JUNK = [
    "x" * 3000,
    "\x00",
    "a\x00b",
    "\r\n",
    "\u202e",
    "%",
    "'; --",
    "<script>",
    "DEP-42\x00",
    "COM-",
    "..",
    "//x.org",
]
VALUES = st.one_of(
    st.sampled_from(INTEGERISH),
    st.sampled_from(JUNK),
    st.text(max_size=40),
    st.text(min_size=2990, max_size=3000),
)
# Not public pages (the administration), or answering only to POST with a form.
SKIPPED = re.compile(r"^(admin/|compte/deconnexion/)")


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def concrete_paths(objects: Objects) -> list[str]:
    """Return every page's path with its parameters filled from the fixture's real objects."""
    values = {
        "territory_id": objects.territory.id,
        "slug": objects.structure.slug,
        "pk": str(objects.campaign.pk),
        "table": "subdivisions",
        "token": "jeton-inconnu",
        "uidb64": "MQ",
        "token_id": "1",
        "keep": str(objects.structure.pk),
        "duplicate": str(objects.network.pk),
        "structure_id": objects.structure.slug,
        "kind": "structures",
        "item_id": "1",
        "body_pk": "1",
        "case_id": "1",
        "checkpoint_id": "1",
        "place_id": "fabrique-inconnue",
        "initiative_id": "1",
        "application_id": "1",
        "step": "accepter",
        "year": "2026",
        "month": "1",
        "scheme_id": "6f1c2b8e-4c1d-4a53-9a57-2f0e6d7c1a10",
        "uid": "6f1c2b8e-4c1d-4a53-9a57-2f0e6d7c1a10",
        "name": "structures",
        "file_name": "structures.csv",
        "relation_id": "1",
        "figure_id": "1",
        "network_id": objects.network.slug,
        "campaign_id": str(objects.campaign.pk),
    }
    paths = set()
    for pattern in _walk(get_resolver().url_patterns):
        if SKIPPED.match(pattern) or pattern.startswith("^"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], pattern)
        paths.add("/" + path)
    # The network's own page of members, beside the structure's.
    paths.add(f"/structures/{objects.network.slug}/membres/")
    return sorted(paths)


def test_the_sweep_knows_every_directory_parameter() -> None:
    """The parameters thrown at the pages include every one the directory's parser reads."""
    read: set[str] = set()

    class Recorder(dict[str, Any]):
        def get(self, key: str, default: Any = None) -> Any:
            read.add(key)
            return default

        def getlist(self, key: str) -> list[str]:
            read.add(key)
            return []

    parse_filters(Recorder())
    assert read <= set(DIRECTORY)
    assert "page" in read


def parameters_of(path: str, openapi: dict[str, Any]) -> tuple[str, ...]:
    """Return the GET parameters a page reads: the API's from its OpenAPI description."""
    if path.startswith("/api/v1/"):
        for template, operations in openapi["paths"].items():
            if re.fullmatch(re.sub(r"\{\w+\}", "[^/]+", template), path) and "get" in operations:
                names = tuple(
                    p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"
                )
                return names or OTHERS
        return OTHERS
    if path.startswith("/structures/"):
        return DIRECTORY + MAP
    return OTHERS


def test_no_page_answers_a_server_error_to_junk_parameters(objects: Objects) -> None:
    """Anonymous or logged in as the structure's manager and the territory's coordinator: no 5xx."""
    user = UserFactory.create()
    StructureMembershipFactory.create(structure=objects.structure, user=user, role=MemberRole.MANAGER)
    TerritoryCoordinatorFactory.create(territory=objects.territory, user=user)
    paths = concrete_paths(objects)
    assert {"/structures/", "/api/v1/structures", f"/enquetes/{objects.campaign.pk}/resultats/"} <= set(paths)
    anonymous, member = Client(), Client()
    member.force_login(user)
    openapi = anonymous.get("/api/v1/openapi.json").json()

    for path in paths:
        sweep(path, parameters_of(path, openapi), anonymous, member)


def sweep(path: str, names: tuple[str, ...], anonymous: Client, member: Client) -> None:
    """Throw generated values at the parameters of one page, anonymous or logged in; fail on a 5xx."""
    # The pages reading many parameters get more tries.
    tries = 12 if len(names) > len(OTHERS) else 3
    queries = st.dictionaries(
        st.sampled_from(names), st.lists(VALUES, min_size=1, max_size=2), min_size=1, max_size=2
    )

    @settings(settings.get_profile("sweep"), max_examples=tries)
    @given(query=queries, logged_in=st.booleans())
    def run(query: dict[str, list[str]], logged_in: bool) -> None:
        client = member if logged_in else anonymous
        response = client.get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)

    run()


@pytest.mark.parametrize("path", ["/structures/", "/structures/carte/", "/api/v1/structures"])
@pytest.mark.parametrize(
    ("name", "value"),
    [("page", "²"), ("taille", "²"), ("page", "٣"), ("taille", "9" * 5000), ("reseau", "9" * 25)],
)
def test_non_ascii_digits_are_refused_in_french(objects: Objects, path: str, name: str, value: str) -> None:
    """The integers of the directory are ASCII digits: anything else is a 400 saying which and why."""
    response = Client().get(path, {name: value})
    if name == "taille" and len(value) > 20:
        # Too large a page size is the largest one, as for any other number beyond it.
        assert response.status_code == 200
        return
    assert response.status_code == 400
    text = response.content.decode()
    assert f"« {name} »" in text or name in text
    if name != "reseau":
        assert "nombre entier positif" in text


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/structures/", {"q": "th\x00éâtre"}, "q"),
        ("/territoires/DEP-42\x00/", {}, "chemin"),
        ("/api/v1/structures", {"discipline": "\x00"}, "discipline"),
        ("/api/v1/territoires", {"q": "Loire\x00"}, "q"),
    ],
)
def test_a_nul_in_the_address_is_refused_in_french(path: str, query: dict[str, str], parameter: str) -> None:
    """A NUL, which no parameter admits and PostgreSQL refuses, gets a 400 that says so, before any view."""
    response = Client().get(path, query)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["parametre"] == parameter
        assert "caractère nul" in response.json()["detail"]
    else:
        assert "caractère nul" in response.content.decode()
