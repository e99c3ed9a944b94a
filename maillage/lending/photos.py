"""Photos of condition reports: checked and re-encoded without metadata, like logos."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

# The accounts app's checks of images (real content, format, dimensions) and re-encoding, shared rather
# than copied: a photo of a scratched amplifier needs the same guard as a logo.
from maillage.accounts.uploads import LOGO_FORMATS, _checked_format, _reencode


def validate_photo(uploaded_file: Any) -> ContentFile[bytes]:
    """Return the uploaded photo re-encoded without its metadata (place, device); raise ValidationError."""
    max_bytes = settings.LOGO_MAX_BYTES
    uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            f"La photo doit peser {max_bytes // (1024 * 1024)} Mo au plus.", code="photo_too_large"
        )
    image_format = _checked_format(data)
    return ContentFile(_reencode(data, image_format), name=f"etat.{LOGO_FORMATS[image_format]}")
