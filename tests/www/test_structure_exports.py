"""Downloads at /structures/export/: the list's filters, a dated attachment, streamed, capped and bounded."""

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.structures import exports
from maillage.structures.enums import StructureKind
from maillage.structures.exports import structure_path
from maillage.structures.models import Discipline
from maillage.territories.models import Territory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("structure_exports:csv", "text/csv; charset=utf-8", "csv"),
    ("structure_exports:geojson", "application/geo+json", "geojson"),
    ("structure_exports:data_inclusion", "application/json", "json"),
]


def body(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_names(response: Any) -> list[str]:
    return [row["nom"] for row in csv.DictReader(io.StringIO(body(response).removeprefix("\ufeff")))]


def test_exports_and_the_api_link_to_the_structure_page() -> None:
    assert structure_path("le-fil") == reverse("structures:detail", kwargs={"slug": "le-fil"})


def test_the_downloads_live_under_structures_export() -> None:
    assert reverse("structure_exports:csv") == "/structures/export/csv/"
    assert reverse("structure_exports:geojson") == "/structures/export/geojson/"
    assert reverse("structure_exports:data_inclusion") == "/structures/export/data-inclusion/"


@pytest.mark.parametrize(("name", "content_type", "extension"), DOWNLOADS)
def test_a_download_is_a_streamed_attachment_named_after_the_day(
    client: Client, name: str, content_type: str, extension: str
) -> None:
    StructureFactory.create(latitude=45.0, longitude=4.0)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == content_type
    day = timezone.localdate().isoformat()
    prefix = "maillage-structures-data-inclusion" if extension == "json" else "maillage-structures"
    assert response["Content-Disposition"] == f'attachment; filename="{prefix}-{day}.{extension}"'
    assert (response["X-Export-Total"], response["X-Export-Tronque"]) == ("1", "non")
    body(response)


@pytest.mark.parametrize(("name", "content_type", "extension"), DOWNLOADS)
def test_a_bad_filter_is_a_plain_text_400_with_the_reason(
    client: Client, name: str, content_type: str, extension: str
) -> None:
    response = client.get(reverse(name), {"territoire": "DEP-999"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Territoire inconnu : « DEP-999 »."


def test_a_download_takes_the_filters_of_the_list_and_ignores_its_pages(client: Client) -> None:
    StructureFactory.create(name="Fédération des scènes", kind=StructureKind.NETWORK)
    StructureFactory.create(name="Compagnie", kind=StructureKind.CULTURAL)
    StructureFactory.create(name="Ancien réseau", kind=StructureKind.NETWORK, closed=True)

    networks = client.get(reverse("structure_exports:csv"), {"type": "network", "page": "2", "taille": "1"})
    every_network = client.get(reverse("structure_exports:csv"), {"type": "network", "etat": "tous"})

    assert csv_names(networks) == ["Fédération des scènes"]
    assert csv_names(every_network) == ["Ancien réseau", "Fédération des scènes"]


@pytest.mark.usefixtures("loire_rhone")
def test_a_download_by_territory_keeps_only_the_structures_there(client: Client) -> None:
    StructureFactory.create(name="Stéphanoise", commune=Territory.objects.get(id="COM-42218"))
    StructureFactory.create(name="Lyonnaise", commune=Territory.objects.get(id="COM-69123"))

    response = client.get(reverse("structure_exports:csv"), {"territoire": "DEP-42"})

    assert csv_names(response) == ["Stéphanoise"]


def test_a_formula_in_a_name_cannot_run_in_the_downloaded_csv(client: Client) -> None:
    StructureFactory.create(name='=HYPERLINK("http://x")')

    assert csv_names(client.get(reverse("structure_exports:csv"))) == ['\'=HYPERLINK("http://x")']


def test_downloads_are_cut_at_the_limit_and_say_so(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "EXPORT_LIMIT", 3)
    StructureFactory.create_batch(5, latitude=45.0, longitude=4.0)

    spreadsheet = client.get(reverse("structure_exports:csv"))
    collection = client.get(reverse("structure_exports:geojson"))
    records = client.get(reverse("structure_exports:data_inclusion"))

    assert (spreadsheet["X-Export-Total"], spreadsheet["X-Export-Tronque"]) == ("5", "oui")
    assert len(csv_names(spreadsheet)) == 3
    geojson = json.loads(body(collection))
    assert (len(geojson["features"]), geojson["tronque"]) == (3, True)
    assert collection["X-Export-Tronque"] == "oui"
    assert len(json.loads(body(records))) == 3


@pytest.mark.parametrize(("name", "content_type", "extension"), DOWNLOADS)
def test_a_download_reads_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: Any, name: str, content_type: str, extension: str
) -> None:
    disciplines = list(Discipline.objects.all())
    for structure in StructureFactory.create_batch(
        40, name="Compagnie du théâtre", latitude=45.0, longitude=4.0
    ):
        structure.disciplines.set(disciplines)

    # The discipline, then the count and the rows (each looking up sub-disciplines), the rows' disciplines.
    with django_assert_max_num_queries(6):
        text = body(client.get(reverse(name), {"q": "compagnie", "discipline": "theatre"}))

    assert text.count("Compagnie du théâtre") == 40


def test_downloads_answer_only_get(client: Client) -> None:
    assert client.post(reverse("structure_exports:csv")).status_code == 405
