"""Uploaded logos: real PNG, JPEG or WebP images within size and dimensions, re-encoded without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from maillage.accounts.uploads import validate_logo


def image_bytes(
    image_format: str, size: tuple[int, int] = (64, 32), mode: str = "RGB", **options: object
) -> bytes:
    output = io.BytesIO()
    Image.new(mode, size, (200, 30, 60) if mode == "RGB" else None).save(
        output, format=image_format, **options
    )
    return output.getvalue()


def upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("image_format", "mode", "extension"),
    [("PNG", "RGBA", "png"), ("PNG", "RGB", "png"), ("JPEG", "RGB", "jpg"), ("WEBP", "RGB", "webp")],
)
def test_a_real_image_is_accepted_and_re_encoded(image_format: str, mode: str, extension: str) -> None:
    """PNG, JPEG and WebP come back as a clean file of the same format and size, named after it."""
    cleaned = validate_logo(upload(image_bytes(image_format, mode=mode), f"mon logo.{extension}"))
    assert cleaned.name == f"logo.{extension}"
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == image_format
        assert image.size == (64, 32)


def test_the_file_name_does_not_decide_the_format() -> None:
    """A JPEG called .png is a JPEG: the cleaned file gets the right extension."""
    cleaned = validate_logo(upload(image_bytes("JPEG"), "logo.png"))
    assert cleaned.name == "logo.jpg"


def test_metadata_is_stripped() -> None:
    """EXIF (a camera, a GPS position) does not survive the re-encoding."""
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Camille"  # Make
    exif[0x013B] = "Camille Martin"  # Artist
    original = image_bytes("JPEG", exif=exif.tobytes())
    assert b"Camille Martin" in original
    cleaned = validate_logo(upload(original, "photo.jpg")).read()
    assert b"Camille Martin" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert not image.getexif()


def test_png_text_chunks_are_stripped() -> None:
    """A PNG's text chunks (author, comments) are dropped too."""
    from PIL.PngImagePlugin import PngInfo  # noqa: PLC0415 (only this test writes PNG text)

    info = PngInfo()
    info.add_text("Author", "Camille Martin")
    cleaned = validate_logo(upload(image_bytes("PNG", pnginfo=info), "logo.png")).read()
    assert b"Camille Martin" not in cleaned


def test_a_text_file_renamed_png_is_refused() -> None:
    """A name ending in .png does not make an image."""
    with pytest.raises(ValidationError) as error:
        validate_logo(upload(b"Ceci n'est pas une image.\n" * 10, "logo.png", "image/png"))
    assert "n'est pas une image lisible" in error.value.messages[0]


def test_an_svg_is_refused_because_it_can_carry_scripts() -> None:
    """SVG is a document that can run scripts: refused whatever its name."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    for name in ("logo.svg", "logo.png"):
        with pytest.raises(ValidationError) as error:
            validate_logo(upload(svg, name, "image/svg+xml"))
        assert "SVG sont refusées" in error.value.messages[0]


def test_another_image_format_is_refused() -> None:
    """A GIF is a real image but not an accepted format."""
    with pytest.raises(ValidationError) as error:
        validate_logo(upload(image_bytes("GIF", mode="L"), "logo.gif"))
    assert error.value.messages == ["Format GIF refusé : envoyez un PNG, JPEG ou WebP."]


@override_settings(LOGO_MAX_BYTES=2000)
def test_a_file_over_the_size_limit_is_refused() -> None:
    """The limit comes from the settings and is said in megabytes."""
    noise = Image.effect_noise((200, 200), 100).convert("RGB")
    output = io.BytesIO()
    noise.save(output, format="PNG")
    assert len(output.getvalue()) > 2000
    with pytest.raises(ValidationError) as error:
        validate_logo(upload(output.getvalue(), "logo.png"))
    assert "au plus" in error.value.messages[0]
    assert error.value.code == "logo_too_large"


def test_an_image_too_large_in_pixels_is_refused() -> None:
    """Beyond 4000 by 4000 pixels, refused before its pixels are decoded."""
    with pytest.raises(ValidationError) as error:
        validate_logo(upload(image_bytes("PNG", size=(4001, 10), mode="L"), "bandeau.png"))
    times = "\N{NO-BREAK SPACE}\N{MULTIPLICATION SIGN}\N{NO-BREAK SPACE}"
    assert error.value.messages == [f"L'image mesure 4001{times}10 pixels : 4000{times}4000 au plus."]


def test_a_truncated_image_is_refused() -> None:
    """A PNG cut short is not a readable image."""
    data = image_bytes("PNG", size=(300, 300))
    with pytest.raises(ValidationError):
        validate_logo(upload(data[: len(data) // 2], "logo.png"))
