"""The structure list API's answers kept while the directory and its scores are unchanged.

These tests commit for real (transaction=True): nothing is kept inside a transaction, where the rest of the
suite runs.
"""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.api.kept import kept_lists
from maillage.quality.models import RecordScore
from maillage.structures import facet_counts
from maillage.structures.services import structure_create, structure_update

pytestmark = pytest.mark.django_db(transaction=True)
LIST = "/api/v1/structures"


def test_the_same_list_is_the_same_bytes_in_few_statements_until_the_directory_changes() -> None:
    fil = structure_create(name="Le Fil")
    reuser = Client()
    first = reuser.get(LIST)
    assert [s["nom"] for s in first.json()["items"]] == ["Le Fil"]

    with CaptureQueriesContext(connection) as queries:
        again = reuser.get(LIST)

    # The rate limiter's own reads and writes, then the directory's state: no structure read.
    assert not any("structures_structure" in q["sql"] for q in queries.captured_queries)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]

    structure_update(structure=fil, name="Le Fil rouge", expected_version=fil.version)
    assert [s["nom"] for s in reuser.get(LIST).json()["items"]] == ["Le Fil rouge"]


def test_a_kept_list_is_what_the_api_answers_without_keeping() -> None:
    structure_create(name="Le Fil", siret="")
    structure_create(name="La Fabrique")
    kept = Client().get(f"{LIST}?taille=1&tri=nom").content
    kept_lists.enabled = False
    try:
        fresh = Client().get(f"{LIST}?taille=1&tri=nom").content
    finally:
        kept_lists.enabled = True
    assert kept == fresh
    assert json.loads(kept)["suivant"].startswith("http://testserver/api/v1/structures?")


def test_a_new_score_reaches_the_kept_list() -> None:
    fil = structure_create(name="Le Fil")
    reuser = Client()
    before = reuser.get(LIST).json()["items"][0]["score_qualite"]
    generation = facet_counts.generation()

    # A score written without touching the structure (the daily rescoring, a link found broken).
    RecordScore.objects.filter(model="structures.structure", record_id=fil.pk).update(score=before + 1)

    assert facet_counts.generation() > generation
    assert reuser.get(LIST).json()["items"][0]["score_qualite"] == before + 1


def test_a_refused_filter_is_never_kept() -> None:
    structure_create(name="Le Fil")
    reuser = Client()
    assert reuser.get(f"{LIST}?page=x").status_code == 400
    assert reuser.get(f"{LIST}?page=x").json()["parametre"] == "page"
    assert reuser.get(f"{LIST}?page=1").status_code == 200
