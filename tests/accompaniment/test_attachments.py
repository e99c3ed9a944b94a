"""Documents of a case: private, typed by their content, size capped, withdrawn and kept."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accompaniment.attachments import sniff
from maillage.accompaniment.enums import ShareScope
from maillage.accompaniment.models import AccessLog, Attachment
from maillage.accompaniment.personal_data import export_person
from maillage.accompaniment.sharing import case_share
from tests.accompaniment.factories import World, staff, to_follow_up, world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Path) -> Path:
    settings.ACCOMPANIMENT_PRIVATE_ROOT = tmp_path / "private"
    return tmp_path / "private"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _zip(entries: dict[str, str], *, mimetype: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if mimetype:
            archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _status(client: Client, url: str) -> int:
    response = client.get(url)
    if response.status_code == 200:
        b"".join(response.streaming_content)  # type: ignore[attr-defined]  # read to its end, the streamed file closes
    return int(response.status_code)


def _upload(client: Client, w: World, name: str, content: bytes, **fields: Any) -> Any:
    data = {"piece-file": SimpleUploadedFile(name, content), "piece-kind": "convention", **fields}
    return client.post(reverse("accompaniment:attachment_upload", args=[w.case.pk]), data)


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("a.pdf", PDF, "pdf"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "png"),
        ("a.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpeg"),
        ("a.odt", _zip({"content.xml": "<x/>"}, mimetype="application/vnd.oasis.opendocument.text"), "odt"),
        (
            "a.ods",
            _zip({"content.xml": "<x/>"}, mimetype="application/vnd.oasis.opendocument.spreadsheet"),
            "ods",
        ),
        ("a.docx", _zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}), "docx"),
        ("a.xlsx", _zip({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}), "xlsx"),
        ("a.zip", _zip({"readme.txt": "bonjour"}), None),
        ("a.exe", b"MZ\x90\x00" + b"\0" * 40, None),
        ("a.html", b"<html><script>alert(1)</script>", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(name: str, content: bytes, found: str | None) -> None:
    assert sniff(io.BytesIO(content)) == found


def test_an_officer_deposits_a_convention_and_downloads_it_as_an_attachment(private_root: Path) -> None:
    w = world()
    client = _client(w.officer_a)
    response = _upload(client, w, "convention signée.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.title == "convention signée.pdf"
    assert attachment.content_type == "application/pdf"
    # Kept in the private folder, under a name that owes nothing to the uploader's.
    assert (private_root / str(attachment.file.name)).read_bytes() == PDF
    assert "signée" not in str(attachment.file.name)
    page = client.get(reverse("accompaniment:case", args=[w.case.pk])).content.decode()
    assert "convention signée.pdf" in page
    download = client.get(reverse("accompaniment:attachment", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert content == PDF


def test_who_reads_a_document() -> None:
    """Body officer yes; another body's officer, a stranger, no; the consultant his action's only."""
    w = world()
    to_follow_up(w.case, w.officer_a, consultant=w.consultant)
    action = w.case.interventions.get()
    officer = _client(w.officer_a)
    assert _upload(officer, w, "convention.pdf", PDF).status_code == 302
    assert (
        _upload(officer, w, "livrable.pdf", PDF, **{"piece-intervention": str(action.pk)}).status_code == 302
    )
    convention = Attachment.objects.get(title="convention.pdf")
    deliverable = Attachment.objects.get(title="livrable.pdf")
    url = lambda a: reverse("accompaniment:attachment", args=[a.pk])  # noqa: E731
    assert _status(_client(w.officer_b), url(convention)) == 403
    assert _status(_client(w.officer_b), url(deliverable)) == 403
    assert _status(_client(w.stranger), url(convention)) == 403
    assert _status(_client(w.centre_staff), url(convention)) == 403
    consultant = _client(w.consultant)
    assert _status(consultant, url(convention)) == 403
    assert _status(consultant, url(deliverable)) == 200
    action_page = consultant.get(reverse("accompaniment:action", args=[action.pk])).content.decode()
    assert "livrable.pdf" in action_page
    assert "convention.pdf" not in action_page
    assert _status(_client(w.manager), url(convention)) == 200
    # The manager's and the consultant's downloads are reads from outside the body: logged.
    assert AccessLog.objects.filter(case=w.case, user=w.consultant, kind="read").exists()
    # Depositing is the body officers' alone.
    assert _upload(_client(w.officer_b), w, "autre.pdf", PDF).status_code == 403
    assert _upload(consultant, w, "autre.pdf", PDF).status_code == 403


def test_a_file_of_another_type_is_refused_with_415(private_root: Path) -> None:
    w = world()
    client = _client(w.officer_a)
    refused = _upload(client, w, "programme.exe", b"MZ\x90\x00" + b"\0" * 40)
    assert refused.status_code == 415
    assert "Type de fichier refusé" in refused.content.decode()
    disguised = _upload(client, w, "rapport.pdf", b"MZ\x90\x00" + b"\0" * 40)
    assert disguised.status_code == 415
    renamed = _upload(client, w, "rapport.docx", PDF)
    assert renamed.status_code == 415
    assert "ne correspond pas à son contenu (PDF)" in renamed.content.decode()
    assert not Attachment.objects.exists()
    assert not private_root.exists() or not any(private_root.rglob("*.*"))


def test_a_file_over_the_cap_is_refused_with_413(settings: Any) -> None:
    settings.ACCOMPANIMENT_ATTACHMENT_MAX_BYTES = 1024
    w = world()
    response = _upload(_client(w.officer_a), w, "gros.pdf", PDF + b"0" * 2048)
    assert response.status_code == 413
    assert "Fichier trop lourd" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_withdrawn_document_is_hidden_and_kept(private_root: Path) -> None:
    w = world()
    client = _client(w.officer_a)
    _upload(client, w, "diagnostic.pdf", PDF, **{"piece-kind": "diagnostic"})
    attachment = Attachment.objects.get()
    assert (
        _client(w.officer_b)
        .post(reverse("accompaniment:attachment_withdraw", args=[attachment.pk]))
        .status_code
        == 403
    )
    assert client.post(reverse("accompaniment:attachment_withdraw", args=[attachment.pk])).status_code == 302
    attachment.refresh_from_db()
    assert attachment.withdrawn_at is not None
    assert attachment.withdrawn_by == w.officer_a
    assert (private_root / str(attachment.file.name)).read_bytes() == PDF
    page = client.get(reverse("accompaniment:case", args=[w.case.pk])).content.decode()
    assert "Pièce « diagnostic.pdf » retirée." in page
    assert "case-attachments" not in page
    assert client.get(reverse("accompaniment:attachment", args=[attachment.pk])).status_code == 404
    assert export_person(w.officer_a)["attachments_uploaded"][0]["file"] == "diagnostic.pdf"


def test_the_case_page_reads_its_documents_in_a_bounded_number_of_queries() -> None:
    """One document or six: the same statements (the rule is asked once per kind, not per file)."""
    w = world()
    to_follow_up(w.case, w.officer_a, consultant=w.consultant)
    action = w.case.interventions.get()
    officer = _client(w.officer_a)
    url = reverse("accompaniment:case", args=[w.case.pk])
    counts = []
    for batch in (1, 5):
        for n in range(batch):
            extra = {"piece-intervention": str(action.pk)} if n % 2 else {"piece-kind": "diagnostic"}
            assert _upload(officer, w, f"piece-{batch}-{n}.pdf", PDF, **extra).status_code == 302
        for person in (w.officer_a, w.manager):
            AccessLog.objects.all().delete()  # the log the officer reads grows with the manager's reads
            reader = _client(person)
            reader.get(url)  # caches filled once per process (site, content types) out of the count
            with CaptureQueriesContext(connection) as captured:
                page = reader.get(url)
            assert page.content.decode().count("piece-") >= batch
            counts.append((person.pk, len(captured.captured_queries)))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]


def test_a_summary_share_opens_the_convention_and_not_the_diagnostic_report() -> None:
    w = world()
    officer = _client(w.officer_a)
    _upload(officer, w, "convention.pdf", PDF)
    _upload(officer, w, "diagnostic.pdf", PDF, **{"piece-kind": "diagnostic"})
    reader = staff(w.body_b)
    case_share(case=w.case, actor=w.officer_a, grantee=w.body_b, scope=ShareScope.SUMMARY)
    page = _client(reader).get(reverse("accompaniment:case", args=[w.case.pk])).content.decode()
    assert "convention.pdf" in page
    assert "diagnostic.pdf" not in page
    url = lambda title: reverse("accompaniment:attachment", args=[Attachment.objects.get(title=title).pk])  # noqa: E731
    assert _status(_client(reader), url("convention.pdf")) == 200
    assert _status(_client(reader), url("diagnostic.pdf")) == 403
    assert "Déposer une pièce" not in page


def test_a_file_lost_from_the_private_folder_answers_404(private_root: Path) -> None:
    w = world()
    client = _client(w.officer_a)
    _upload(client, w, "convention.pdf", PDF)
    attachment = Attachment.objects.get()
    (private_root / str(attachment.file.name)).unlink()
    response = client.get(reverse("accompaniment:attachment", args=[attachment.pk]))
    assert response.status_code == 404
