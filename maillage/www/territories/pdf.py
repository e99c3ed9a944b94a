"""Print a rendered page to PDF with WeasyPrint, reading only the site's own static files from disk."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedResourceError(ValueError):
    """Raised for any resource other than a static file of the site: a PDF never fetches the network."""


def static_file(name: str) -> Path | None:
    """Return the file behind a static name: from the finders (development) or the collected files."""
    try:
        found = finders.find(name)
        if found:
            return Path(found)
        # In production {% static %} names the hashed copy, which only the collected files hold.
        collected = Path(staticfiles_storage.path(name))
    except (NotImplementedError, SuspiciousFileOperation):
        return None
    return collected if collected.is_file() else None


class StaticFilesFetcher(URLFetcher):
    """Serve the URLs under STATIC_URL of the page's own host from disk and refuse every other one."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        base = urlsplit(base_url)
        self._origin = (base.scheme, base.netloc)
        self._prefix = "/" + settings.STATIC_URL.strip("/") + "/"

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) != self._origin or not parts.path.startswith(self._prefix):
            raise RefusedResourceError(f"ressource extérieure refusée : {url[:200]}")
        name = unquote(parts.path.removeprefix(self._prefix))
        path = static_file(name)
        if path is None:
            raise RefusedResourceError(f"fichier statique introuvable : {name[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """Return the tagged PDF of an HTML document whose relative links resolve against base_url."""
    fetcher = StaticFilesFetcher(base_url)
    # PDF/UA-1: a tagged PDF (headings, tables, reading order) that screen readers can follow.
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
