"""A text search within a territory finds what was just written, whatever wrote it; on PostgreSQL it reads
the structures' stored `tsvector` instead of analysing each one's document again."""

import pytest
from django.db import connection

from maillage.search.fulltext import document
from maillage.structures.models import Structure
from maillage.structures.search import parse_filters, search_page, structure_facets
from maillage.structures.search_filters import filter_structures
from maillage.structures.services import structure_create, structure_update
from maillage.territories.models import Territory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def _found(q: str, territory: str = "DEP-42") -> list[str]:
    filters = parse_filters({"q": q, "territoire": territory})
    facets = structure_facets(filters, capped=True)
    names = [s.name for s in search_page(filters, total=facets.total, more=facets.capped).items]
    assert facets.total == len(names)
    return names


def test_a_renamed_structure_is_found_by_its_new_name_within_its_territory() -> None:
    saint_etienne = Territory.objects.get(id="COM-42218")
    structure_create(name="Compagnie des Lucioles", commune=saint_etienne)
    renamed = structure_create(name="Compagnie du Réverbère", commune=saint_etienne)
    structure_create(name="Compagnie du Réverbère", commune=Territory.objects.get(id="COM-69123"))

    assert _found("reverbere") == ["Compagnie du Réverbère"]
    structure_update(structure=renamed, name="Compagnie Funambule")

    assert _found("funambule") == ["Compagnie Funambule"]
    assert _found("reverbere") == []
    assert _found("reverbere", "DEP-69") == ["Compagnie du Réverbère"]


def test_a_document_written_without_the_services_is_searched_as_written() -> None:
    # Imports write many rows in one statement: the stored vector (or SQLite's index) follows them too.
    structure = structure_create(name="Collectif Brindille", commune=Territory.objects.get(id="COM-42218"))
    Structure.objects.filter(pk=structure.pk).update(
        name="Collectif Ritournelle", search_document=document(("Collectif Ritournelle", 3))
    )

    assert _found("ritournelle") == ["Collectif Ritournelle"]
    assert _found("brindille") == []


def test_a_text_search_in_a_territory_does_not_analyse_each_document_on_postgresql() -> None:
    filters = parse_filters({"q": "compagnie", "territoire": "DEP-42"})
    statement = str(filter_structures(filters).query)

    if connection.vendor == "postgresql":
        assert "search_vector" in statement
        assert "to_tsvector" not in statement
    else:
        assert "structures_structure_fts MATCH" in statement
