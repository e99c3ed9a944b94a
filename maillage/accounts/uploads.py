"""Checks of uploaded images: size, real content, allowed format and dimensions, metadata stripped."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

# Formats as Pillow names them → the extension the cleaned file gets. SVG is absent on purpose: an SVG
# is a document that can carry scripts, not a picture.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
LOGO_MAX_SIDE = 4000
ALLOWED_TEXT = "PNG, JPEG ou WebP"
# The multiplication sign French typography uses between dimensions, with no-break spaces.
TIMES = "\N{NO-BREAK SPACE}\N{MULTIPLICATION SIGN}\N{NO-BREAK SPACE}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "") + " Mo"


def _looks_like_svg(head: bytes, name: str) -> bool:
    text = head.lstrip().lower()
    return name.lower().endswith((".svg", ".svgz")) or b"<svg" in text[:1024] or text.startswith(b"<?xml")


def validate_logo(uploaded_file: Any) -> ContentFile[bytes]:
    """Check an uploaded logo and return it re-encoded without metadata; raise ValidationError otherwise."""
    max_bytes = settings.LOGO_MAX_BYTES
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            f"Le fichier pèse {_megabytes(size)} : le logo doit peser {_megabytes(max_bytes)} au plus.",
            code="logo_too_large",
        )
    uploaded_file.seek(0)
    # One byte more than the limit tells an under-reported size from a real one.
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(f"Le logo doit peser {_megabytes(max_bytes)} au plus.", code="logo_too_large")
    name = str(getattr(uploaded_file, "name", "") or "")
    if _looks_like_svg(data[:2048], name):
        raise ValidationError(
            f"Les images SVG sont refusées : elles peuvent contenir des scripts. Envoyez un {ALLOWED_TEXT}.",
            code="logo_svg",
        )
    image_format = _checked_format(data)
    cleaned = _reencode(data, image_format)
    return ContentFile(cleaned, name=f"logo.{LOGO_FORMATS[image_format]}")


def _checked_format(data: bytes) -> str:
    """Return the image's format once Pillow has verified it; refuse other formats and huge sizes."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 (only uploads need Pillow, not start-up)

    unreadable = ValidationError(
        f"Ce fichier n'est pas une image lisible. Envoyez un {ALLOWED_TEXT}.", code="logo_not_image"
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format or ""
            width, height = image.size
            if image_format not in LOGO_FORMATS:
                raise ValidationError(
                    f"Format {image_format or 'inconnu'} refusé : envoyez un {ALLOWED_TEXT}.",
                    code="logo_format",
                )
            # Checked before any pixel is decoded, so a decompression bomb is refused unread.
            if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
                raise ValidationError(
                    f"L'image mesure {width}{TIMES}{height} pixels : "
                    f"{LOGO_MAX_SIDE}{TIMES}{LOGO_MAX_SIDE} au plus.",
                    code="logo_dimensions",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise unreadable from error
    return image_format


def _reencode(data: bytes, image_format: str) -> bytes:
    """Decode the image again (verify() leaves it unusable) and save its pixels only."""
    from PIL import Image, ImageOps  # noqa: PLC0415 (only uploads need Pillow, not start-up)

    try:
        with Image.open(io.BytesIO(data)) as source:
            source.load()
            # The EXIF orientation is applied to the pixels, since the EXIF block itself is dropped.
            image = ImageOps.exif_transpose(source)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            f"Ce fichier n'est pas une image lisible. Envoyez un {ALLOWED_TEXT}.", code="logo_not_image"
        ) from error
    # Modes each encoder writes; anything else (CMYK, 16-bit…) is converted to the nearest one.
    writable = {"JPEG": ("RGB", "L"), "WEBP": ("RGB", "RGBA"), "PNG": ("1", "L", "LA", "P", "RGB", "RGBA")}
    if image.mode not in writable[image_format]:
        image = image.convert("RGB" if image_format == "JPEG" else "RGBA")
    # Some encoders fall back on `info` (PNG writes its ICC profile from it): keep only the transparency.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    output = io.BytesIO()
    options: dict[str, Any] = {"quality": 90} if image_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(output, format=image_format, **options)
    return output.getvalue()
