"""A backup holds the cases' documents, which live outside MEDIA_ROOT, and a restore brings them back."""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accompaniment.models import Attachment
from maillage.operations.backups import backup_create, manifest_read
from tests.accompaniment.factories import world

# Committed data, as on a live site: the dump is taken by another connection (pg_dump) or the backup API.
pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_a_restored_site_opens_the_documents_of_its_cases(settings: Any, tmp_path: Path) -> None:
    """Back up, lose the disk, restore: the officer downloads the same convention as before."""
    settings.ACCOMPANIMENT_PRIVATE_ROOT = tmp_path / "private"
    settings.MAILLAGE_BACKUP_DIR = tmp_path / "sauvegardes"
    w = world()
    officer = Client()
    officer.force_login(w.officer_a)
    upload = {"piece-file": SimpleUploadedFile("convention.pdf", PDF), "piece-kind": "convention"}
    assert (
        officer.post(reverse("accompaniment:attachment_upload", args=[w.case.pk]), upload).status_code == 302
    )
    attachment = Attachment.objects.get()
    stored = tmp_path / "private" / str(attachment.file.name)

    result = backup_create()
    manifest = manifest_read(result.path)
    assert manifest["private"] == {"accompagnement": [str(attachment.file.name)]}
    assert str(attachment.file.name) not in manifest["files"]  # not among the public uploads
    with tarfile.open(result.path) as archive:
        assert f"private/accompagnement/{attachment.file.name}" in archive.getnames()

    call_command("flush", interactive=False, verbosity=0)
    stored.unlink()
    call_command("restore", "--noinput", verbosity=0)

    assert stored.read_bytes() == PDF
    officer.force_login(type(w.officer_a).objects.get(pk=w.officer_a.pk))
    response = officer.get(reverse("accompaniment:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]


def test_a_restore_removes_documents_the_archive_does_not_hold(settings: Any, tmp_path: Path) -> None:
    """A document uploaded after the backup names no row of the restored base: it does not stay behind."""
    settings.ACCOMPANIMENT_PRIVATE_ROOT = tmp_path / "private"
    settings.MAILLAGE_BACKUP_DIR = tmp_path / "sauvegardes"
    backup_create()
    w = world()
    officer = Client()
    officer.force_login(w.officer_a)
    upload = {"piece-file": SimpleUploadedFile("tardive.pdf", PDF), "piece-kind": "convention"}
    assert (
        officer.post(reverse("accompaniment:attachment_upload", args=[w.case.pk]), upload).status_code == 302
    )
    assert any((tmp_path / "private").rglob("*.pdf"))

    call_command("restore", "--noinput", verbosity=0)

    assert not any((tmp_path / "private").rglob("*.pdf"))
    assert not Attachment.objects.exists()
