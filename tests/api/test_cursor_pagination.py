"""Cursor pagination: every record exactly once while others are inserted between pages; bad cursors 400."""

import base64
import json

import pytest
from django.test import Client

from maillage.api.cursors import encode_cursor
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/structures"


def _walk(client: Client, params: dict[str, str], between: list[str]) -> list[str]:
    """Read every page by cursor; insert a structure named after `between` before each next page."""
    seen: list[str] = []
    body = client.get(URL, {**params, "curseur": ""}).json()
    seen += [i["id"] for i in body["items"]]
    turn = 0
    while body["curseur_suivant"]:
        if turn < len(between):
            StructureFactory.create(name=between[turn])
            turn += 1
        body = client.get(URL, {**params, "curseur": body["curseur_suivant"]}).json()
        seen += [i["id"] for i in body["items"]]
    return seen


@pytest.mark.parametrize("sort", ["nom", "-nom", "recent", "score_qualite"])
def test_every_record_comes_exactly_once_while_records_are_inserted(client: Client, sort: str) -> None:
    existing = {s.slug for s in StructureFactory.create_batch(23)}
    # Names that sort at the start, in the middle and at the end: page numbers would shift under them.
    inserted = ["AAA première", "Mmm milieu", "Zzz dernière", "AAB avant", "ZZZ après", "Nnn encore"]

    seen = _walk(client, {"tri": sort, "taille": "5"}, inserted)

    assert len(seen) == len(set(seen))  # never twice
    assert existing <= set(seen)  # never skipped


def test_page_numbers_shift_under_insertions_where_cursors_do_not(client: Client) -> None:
    StructureFactory.create_batch(6)
    first = [i["id"] for i in client.get(URL, {"tri": "nom", "taille": "3"}).json()["items"]]
    StructureFactory.create(name="AAA insérée")
    second = [i["id"] for i in client.get(URL, {"tri": "nom", "taille": "3", "page": "2"}).json()["items"]]

    assert set(first) & set(second)  # the page numbers read a record twice: why cursors exist


def test_the_cursor_follows_the_filters(client: Client) -> None:
    StructureFactory.create_batch(4, kind="network")
    StructureFactory.create_batch(4)

    seen = _walk(client, {"type": "network", "taille": "3"}, [])

    assert len(seen) == 4


@pytest.mark.parametrize(
    "cursor",
    [
        "pas-un-curseur",
        "%%%",
        base64.urlsafe_b64encode(b"[1,2]").decode(),
        encode_cursor(["-search_name", "-pk"], ["x", 1]),  # a cursor of another ordering
        encode_cursor(["search_name", "pk"], ["x", "y"]),  # a forged id
        encode_cursor(["search_name", "pk"], [None, 1]),
        base64.urlsafe_b64encode(json.dumps({"o": ["search_name", "pk"], "v": [[1], 2]}).encode()).decode(),
        "é" * 10,
        "a" * 1001,
    ],
)
def test_a_cursor_not_handed_out_is_a_400_in_french(client: Client, cursor: str) -> None:
    StructureFactory.create_batch(2)

    response = client.get(URL, {"tri": "nom", "curseur": cursor})

    assert response.status_code == 400
    assert response.json()["parametre"] == "curseur"
    assert response.json()["detail"].startswith("Curseur invalide")


def test_a_cursor_page_runs_in_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    StructureFactory.create_batch(40)
    cursor = client.get(URL, {"curseur": "", "taille": "20"}).json()["curseur_suivant"]

    with django_assert_max_num_queries(7):  # type: ignore[operator]
        body = client.get(URL, {"curseur": cursor, "taille": "20"}).json()

    assert len(body["items"]) == 20
    assert body["curseur_suivant"] is None
