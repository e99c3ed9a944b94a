"""The 2015 convention's page lists the library's resources of its signatories (Opale's, from the seed)."""

import io
from html import unescape

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.conventions.models import Convention
from maillage.conventions.reference import SLUG

pytestmark = pytest.mark.django_db


def test_the_convention_page_links_the_signatories_resources(client: Client, loire_rhone: None) -> None:
    """Opale signed the convention and published the synthesis on employer groups: the page links it."""
    call_command("load_reference_data", stdout=io.StringIO())
    convention = Convention.objects.get(slug=SLUG)
    html = unescape(client.get(convention.get_absolute_url()).content.decode())
    section = html.split("Ressources des signataires", 1)[1]
    assert "Groupements d'employeurs et associations culturelles et artistiques" in section
    assert "/ressources/opale-synthese-ge-2012/" in section
    # Avise signed nothing: its publication is not the convention's.
    assert "clauses sociales" not in section
