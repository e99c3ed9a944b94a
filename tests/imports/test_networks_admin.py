"""The admin page of networks' files: upload, check the columns on a simulation, save them, apply."""

import codecs
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.imports import admin_networks
from maillage.imports.models import ColumnMapping, ImportRun, ImportStatus
from maillage.observatory.models import Snapshot
from maillage.structures.models import Structure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_upload_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the files waiting between simulation and import in the test's own folder."""
    monkeypatch.setattr(admin_networks, "UPLOAD_DIR", tmp_path / "uploads")


URL = reverse("admin:imports_network_file")


def member_file(name_header: str = "Nom de la structure") -> bytes:
    return (
        codecs.BOM_UTF8 * 2
        + (
            f"{name_header};Code postal;Ville;Prénom du contact\r\n"
            "Le Fil;42000;Saint-Étienne;Anne\r\n"
            "La Comédie;42000;Saint-Étienne;Paul\r\n"
            "Sans lieu;;;Marc\r\n"
        ).encode()
    )


def upload(client: Client, content: bytes | None = None, **data: object) -> str:
    file = SimpleUploadedFile("adherents.csv", content or member_file())
    response = client.post(URL, {"file": file, **data})
    assert response.status_code == 200
    return response.content.decode()


def preview_data(page: str, **changes: str) -> dict[str, str]:
    """Return the preview form's fields as the page sets them, with some changed."""
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data.pop("csrfmiddlewaretoken", None)
    data["source_label"] = re.search(r'name="source_label" value="([^"]*)"', page)[1]  # type: ignore[index]
    for select in re.findall(r'<select name="(column_\d+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', select[1])
        data[select[0]] = selected[1] if selected else ""
    return data | changes


def test_an_upload_is_simulated_first_and_nothing_is_written(loire_rhone: None, admin_client: Client) -> None:
    page = upload(admin_client)

    assert "Simulation : rien n'a encore été écrit" in page
    assert "Sans lieu" in page  # the rejected row, with its line
    assert "donnée personnelle" in page
    assert Structure.objects.count() == 0
    assert ImportRun.objects.get().status == ImportStatus.DRY_RUN


def test_a_name_column_chosen_on_the_preview_is_saved_and_applied(
    loire_rhone: None, admin_client: Client
) -> None:
    page = upload(admin_client, member_file("Appellation"), source_label="Réseau X")
    assert "Colonne du nom introuvable" in page  # "Appellation" is no usual header…
    data = preview_data(page)
    assert (data["column_0"], data["column_1"]) == ("", "postal_code")

    # … so the coordinator says it holds the name, leaves the postal codes out, and saves the choice.
    response = admin_client.post(
        URL, data | {"column_0": "name", "column_1": "", "save_mapping_as": "Réseau X", "action": "apply"}
    )

    assert response.status_code == 302
    run = ImportRun.objects.filter(status=ImportStatus.APPLIED).get()
    assert response["Location"] == reverse("admin:imports_importrun_change", args=[run.pk])
    assert sorted(Structure.objects.values_list("name", "postal_code", "source_label")) == [
        ("La Comédie", "", "Réseau X"),
        ("Le Fil", "", "Réseau X"),
    ]
    saved = ColumnMapping.objects.get(name="Réseau X")
    assert saved.mapping["Code postal"] == "ignore"
    assert saved.mapping["Appellation"] == "name"
    assert list(admin_networks.UPLOAD_DIR.iterdir()) == []  # the file applied is not kept


def test_applying_answers_at_once_and_the_indicators_follow_in_the_background(
    loire_rhone: None, admin_client: Client, django_capture_on_commit_callbacks
) -> None:
    """The import is applied in the request; the snapshot is computed by a task once it has committed."""
    data = preview_data(upload(admin_client))
    with django_capture_on_commit_callbacks() as queued:
        response = admin_client.post(URL, data | {"action": "apply"}, follow=True)

    run = ImportRun.objects.get(status=ImportStatus.APPLIED)
    assert "Les indicateurs de l'observatoire seront mis à jour en arrière-plan" in unescape(
        response.content.decode()
    )
    assert not Snapshot.objects.exists()  # nothing computed inside the request
    for callback in queued:
        callback()  # the commit: the immediate backend of the tests runs the task there and then
    snapshot = Snapshot.objects.get()
    assert snapshot.import_run == run
    assert snapshot.is_complete


def test_a_new_simulation_reads_the_columns_as_corrected(loire_rhone: None, admin_client: Client) -> None:
    data = preview_data(upload(admin_client))

    page = admin_client.post(URL, data | {"column_2": "", "action": "preview"}).content.decode()

    assert "ignorée par la correspondance : « Ville »" in page
    assert "2 seraient créées" in page  # the postal code alone places them
    assert Structure.objects.count() == 0
    assert ImportRun.objects.filter(status=ImportStatus.DRY_RUN).count() == 2


def test_a_saved_mapping_can_be_chosen_at_upload(loire_rhone: None, admin_client: Client) -> None:
    saved = ColumnMapping.objects.create(name="Réseau X", mapping={"Appellation": "name", "Ville": "ignore"})

    page = upload(admin_client, member_file("Appellation"), saved_mapping=saved.pk)

    assert "selected>nom</option>" in page
    assert "ignorée par la correspondance" in page


def test_an_unreadable_file_is_refused_on_the_upload_page(admin_client: Client) -> None:
    response = admin_client.post(URL, {"file": SimpleUploadedFile("a.csv", b"x;y\n1;2\n")})

    assert "En-tête introuvable" in response.content.decode()
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_an_expired_file_sends_back_to_the_upload(admin_client: Client) -> None:
    response = admin_client.post(
        URL, {"token": "0" * 32, "file_name": "a.csv", "header_0": "Nom", "action": "apply"}
    )

    assert response.status_code == 302
    assert response["Location"] == URL


def test_only_staff_reach_the_page(client: Client) -> None:
    client.force_login(User.objects.create_user("membre@example.org", password="x" * 12))

    assert client.get(URL).status_code == 302


def test_the_import_list_links_to_the_page(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:imports_importrun_changelist")).content.decode()

    assert URL in page
