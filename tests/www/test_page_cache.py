"""The directory pages kept for anonymous visitors: the same bytes while the directory is unchanged, never
a signed-in person's page, never a page of another host or query.

These tests commit for real (transaction=True): nothing is kept inside a transaction, where the rest of the
suite runs.
"""

from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from maillage.structures.services import structure_create, structure_update
from maillage.www.page_cache import page_cache
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    page_cache.clear()
    yield
    page_cache.clear()


def test_a_visitor_gets_the_same_page_in_one_statement_until_the_directory_changes() -> None:
    fil = structure_create(name="Le Fil")
    visitor = Client()
    first = visitor.get("/structures/")
    assert "Le Fil" in first.content.decode()

    with CaptureQueriesContext(connection) as queries:
        again = visitor.get("/structures/")

    assert len(queries) == 1  # the directory's state: nothing read, nothing rendered
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]

    structure_update(structure=fil, name="Le Fil rouge", expected_version=fil.version)
    after = visitor.get("/structures/").content.decode()
    assert "Le Fil rouge" in after


def test_another_query_is_another_page() -> None:
    structure_create(name="Le Fil")
    structure_create(name="La Fabrique")
    visitor = Client()
    assert "La Fabrique" not in visitor.get("/structures/?q=fil").content.decode()
    fabrique = visitor.get("/structures/?q=fabrique").content.decode()
    assert "La Fabrique" in fabrique
    assert "Le Fil" not in fabrique


def test_a_signed_in_person_never_gets_a_visitors_page() -> None:
    structure_create(name="Le Fil")
    Client().get("/structures/")  # kept for visitors
    person = Client()
    person.force_login(UserFactory.create())

    page = person.get("/structures/").content.decode()

    assert "Se déconnecter" in page
    assert "Se déconnecter" not in Client().get("/structures/").content.decode()
