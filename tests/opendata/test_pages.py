import datetime
import hashlib
import json
from pathlib import Path

import pytest
from django.test import Client
from frictionless import Package, system

from maillage.opendata.models import PublishedFile
from maillage.opendata.publication import file_path, publish_opendata
from tests.structures.factories import KeyFigureFactory, RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def published() -> None:
    network = StructureFactory.create(name="Réseau des lieux", network=True, with_siret=True)
    for structure in StructureFactory.create_batch(4, with_siret=True):
        RelationFactory.create(source=structure, target=network, kind="member_of")
        KeyFigureFactory.create(structure=structure)
    publish_opendata(day=TODAY)


@pytest.mark.usefixtures("published")
def test_the_page_lists_each_file_with_schema_licence_date_size_and_checksum(
    client: Client, django_assert_max_num_queries: object
) -> None:
    structures = PublishedFile.objects.get(dataset="structures", is_current=True)

    with django_assert_max_num_queries(3):  # type: ignore[operator]
        response = client.get("/donnees/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Structures de l&#x27;annuaire (CSV)" in page
    assert "Licence Ouverte 2.0" in page
    assert "2 décembre 2026" in page
    assert structures.sha256 in page
    assert 'href="/donnees/structures.csv"' in page
    assert 'href="/donnees/structures/schema.json"' in page
    assert "data·inclusion structures v1" in page


def test_the_page_says_when_nothing_is_published_yet(client: Client) -> None:
    response = client.get("/donnees/")

    assert response.status_code == 200
    assert "Pas encore publié." in response.content.decode()


@pytest.mark.usefixtures("published")
def test_a_current_file_is_served_with_its_content_type_and_dated_name(client: Client) -> None:
    structures = PublishedFile.objects.get(dataset="structures", is_current=True)

    response = client.get("/donnees/structures.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="structures-2026-12-02.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(body).hexdigest() == structures.sha256
    dated = client.get("/donnees/structures-data-inclusion/structures-data-inclusion-2026-12-02.json")
    assert dated.status_code == 200
    assert dated["Content-Type"] == "application/json"
    assert len(json.loads(b"".join(dated.streaming_content))) == 5  # type: ignore[attr-defined]


@pytest.mark.usefixtures("published")
@pytest.mark.parametrize(
    "address",
    [
        "/donnees/inconnu.csv",
        "/donnees/structures.json",
        "/donnees/structures",
        "/donnees/structures/structures-2026-13-45.csv",
        "/donnees/structures/structures-2026-12-01.csv",
        "/donnees/structures/structures-٢٠٢٦-12-02.csv",
        "/donnees/structures/relations-2026-12-02.csv",
        "/donnees/structures-data-inclusion/schema.json",
        "/donnees/inconnu/schema.json",
    ],
)
def test_a_bad_address_answers_404(client: Client, address: str) -> None:
    assert client.get(address).status_code == 404


def test_a_post_is_refused(client: Client) -> None:
    assert client.post("/donnees/").status_code == 405


@pytest.mark.usefixtures("published")
def test_a_table_schema_is_served(client: Client) -> None:
    response = client.get("/donnees/relations/schema.json")

    assert response.status_code == 200
    assert [f["name"] for f in response.json()["fields"]][:3] == ["structure", "structure_nom", "nature"]


@pytest.mark.usefixtures("published")
def test_datapackage_json_validates_with_frictionless(
    client: Client, opendata_root: Path, django_assert_max_num_queries: object
) -> None:
    """datapackage.json, saved beside the files as the site lays them out, validates with its data."""
    with django_assert_max_num_queries(2):  # type: ignore[operator]
        response = client.get("/donnees/datapackage.json")

    assert response.status_code == 200
    descriptor = response.json()
    names = {r["name"] for r in descriptor["resources"]}
    assert {"structures", "structures-data-inclusion", "relations", "reseaux", "chiffres-cles"} <= names
    assert descriptor["licenses"][0]["name"] == "etalab-2.0"
    # Paths are relative to datapackage.json, and the site serves /donnees/<path>: check both.
    for resource in descriptor["resources"]:
        served = client.get(f"/donnees/{resource['path']}")
        # Read to the end: the test client then closes the file (and keeps the database connection).
        assert b"".join(served.streaming_content)  # type: ignore[attr-defined]
        assert served.status_code == 200
    (opendata_root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with system.use_context(trusted=True):
        report = Package(str(opendata_root / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.usefixtures("published")
def test_datapackage_json_catches_a_file_changed_after_publication(
    opendata_root: Path, client: Client
) -> None:
    """The checksums are real: a file altered on disk no longer matches its description."""
    structures = PublishedFile.objects.get(dataset="structures", is_current=True)
    with file_path(structures).open("a", encoding="utf-8") as stream:
        stream.write("Intrus,,,,,,,,,,,,,,,,,oui,https://ailleurs.test/x,,\r\n")
    (opendata_root / "datapackage.json").write_text(
        json.dumps(client.get("/donnees/datapackage.json").json()), encoding="utf-8"
    )

    with system.use_context(trusted=True):
        report = Package(str(opendata_root / "datapackage.json")).validate()

    assert not report.valid
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


@pytest.mark.usefixtures("published")
def test_staff_read_every_published_file_in_the_admin_and_change_none(admin_client: Client) -> None:
    published = PublishedFile.objects.get(dataset="structures", is_current=True)

    listing = admin_client.get("/admin/opendata/publishedfile/?validation__exact=valid")
    detail = admin_client.get(f"/admin/opendata/publishedfile/{published.pk}/change/")

    assert listing.status_code == 200
    assert "structures-data-inclusion" in listing.content.decode()
    assert detail.status_code == 200
    assert published.sha256 in detail.content.decode()
    assert admin_client.get("/admin/opendata/publishedfile/add/").status_code == 403
    assert admin_client.post(f"/admin/opendata/publishedfile/{published.pk}/delete/").status_code == 403
