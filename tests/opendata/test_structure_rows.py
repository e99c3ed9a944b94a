"""The daily files' fast readers give exactly what the site's exports give, structure by structure."""

import json

import pytest

from maillage.opendata.structure_rows import CHUNK, csv_rows, data_inclusion_lines
from maillage.structures.data_inclusion import data_inclusion_chunks
from maillage.structures.exports import csv_row, export_rows
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from tests.structures.factories import DisciplineFactory, StructureFactory

pytestmark = pytest.mark.django_db
SITE = "https://maillage.test"


@pytest.fixture
def varied() -> None:
    """Structures with and without commune, coordinates, disciplines; a name a spreadsheet would run."""
    commune = Territory.objects.filter(level="commune").first()
    theatre, music = DisciplineFactory.create(name="Théâtre"), DisciplineFactory.create(name="Musique")
    full = StructureFactory.create(
        name="=HYPERLINK(1)", with_siret=True, association=True, latitude=45.43, longitude=4.39
    )
    full.disciplines.set([theatre, music])
    StructureFactory.create(name="Le Fil", commune=commune, closed=True, is_ess=None)
    StructureFactory.create(name="AB", description="", website="", email="")
    StructureFactory.create(name="Compagnie", commune=commune, latitude=None, longitude=None, source_label="")


@pytest.mark.usefixtures("loire_rhone", "varied")
def test_the_csv_rows_are_those_of_the_site_export() -> None:
    structures = Structure.objects.order_by("pk")

    assert list(csv_rows(structures)) == [csv_row(s, site_url=SITE) for s in export_rows(structures)]


@pytest.mark.usefixtures("loire_rhone", "varied")
def test_the_data_inclusion_records_are_those_of_the_site_export() -> None:
    structures = Structure.objects.order_by("pk")

    fast = json.loads("".join(data_inclusion_lines(structures)))

    assert fast == json.loads("".join(data_inclusion_chunks(structures, site_url=SITE)))
    assert "AB" not in {record["nom"] for record in fast}


def test_the_readers_go_through_every_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three structures read two at a time: both chunks, nothing twice."""
    StructureFactory.create_batch(3)
    assert CHUNK > 2
    monkeypatch.setattr("maillage.opendata.structure_rows.CHUNK", 2)

    assert len({row[-3] for row in csv_rows(Structure.objects.all())}) == 3
    assert len(json.loads("".join(data_inclusion_lines(Structure.objects.all())))) == 3
