"""A structure's logo, served from the storage with headers that keep it a picture and nothing else."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from maillage.structures.models import Structure

# Logos are re-encoded on upload (accounts.uploads) to one of these formats, named by their extension.
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}
CACHE_SECONDS = 60 * 60


@require_GET
def structure_logo(request: HttpRequest, slug: str) -> FileResponse:
    """Return a structure's logo, or 404 when it has none or its file is missing."""
    structure = get_object_or_404(Structure.objects.only("pk", "logo"), slug=slug)
    name = structure.logo.name
    if not name:
        raise Http404("Cette structure n'a pas de logo.")
    content_type = CONTENT_TYPES.get(PurePosixPath(name).suffix.lower())
    if content_type is None:  # not written by the upload checks: never served as something else
        raise Http404("Logo introuvable.")
    storage = structure.logo.storage
    if not storage.exists(name):
        raise Http404("Logo introuvable.")
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
