"""The site's own error pages: French, with a way out, the 500 one rendering without the database."""

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_sites_french_404(client: Client) -> None:
    """An unknown address answers 404 with the site's layout and links back to the directory."""
    response = client.get("/pas-de-page-ici/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Page introuvable" in text
    assert '<a class="brand" href="/">maillage</a>' in text
    assert 'href="/structures/"' in text


def test_the_500_page_renders_without_the_database(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    """When the database is the failure, the error page still renders: no query, no template tag."""
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert '<html lang="fr">' in text
    assert "Erreur du serveur" in text
    assert "{%" not in text
    assert "{{" not in text
