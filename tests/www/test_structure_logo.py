"""Logos uploaded by structures are served from the storage, as pictures only, and shown."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from maillage.accounts.uploads import validate_logo
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def logo_file(image_format: str = "PNG") -> ContentFile[bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 60)).save(buffer, format=image_format)
    return validate_logo(SimpleUploadedFile("logo.bin", buffer.getvalue()))


@pytest.mark.parametrize(("image_format", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_a_logo_is_served_with_its_stored_type_and_safe_headers(
    client: Client, image_format: str, content_type: str
) -> None:
    """The logo's bytes come back with its type, never sniffed, shown inline, under a closed policy."""
    structure = StructureFactory.create(name="Le Fil")
    cleaned = logo_file(image_format)
    structure.logo.save(cleaned.name or "logo", cleaned)

    response = client.get(f"/structures/{structure.slug}/logo/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == structure.logo.read()  # type: ignore[attr-defined]
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_a_structure_without_logo_or_an_unknown_one_is_a_404(client: Client) -> None:
    structure = StructureFactory.create()
    assert client.get(f"/structures/{structure.slug}/logo/").status_code == 404
    assert client.get("/structures/inconnue/logo/").status_code == 404


def test_a_stored_file_of_another_type_is_never_served(client: Client) -> None:
    """Only the formats the upload checks write are served: an HTML file in the field is not."""
    structure = StructureFactory.create()
    structure.logo.save("page.html", ContentFile(b"<script>alert(1)</script>"))
    assert client.get(f"/structures/{structure.slug}/logo/").status_code == 404


def test_the_logo_shows_on_the_structure_page_and_in_the_list(client: Client) -> None:
    """The page and the directory's list show the logo with its size, as decoration beside the name."""
    structure = StructureFactory.create(name="Le Fil")
    cleaned = logo_file()
    structure.logo.save(cleaned.name or "logo", cleaned)
    src = f'src="/structures/{structure.slug}/logo/?v='

    page = client.get(f"/structures/{structure.slug}/").content.decode()
    listing = client.get("/structures/").content.decode()

    assert src in page
    assert 'alt="" width="96" height="96"' in page
    assert src in listing
    assert 'alt="" width="48" height="48"' in listing
