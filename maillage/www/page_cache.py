"""Keep the directory's rendered pages for visitors who are not signed in, while the directory is unchanged.

A popular list page costs about 30 ms of Python even when its facets and result ids come from the result
cache: reading its twenty structures, then rendering the facets, cards and filters (issue 13, target 5:
under gunicorn, CPU per request bounded the throughput at about 60 pages a second on two cores). The same
page for the same visitor-independent request is the same bytes until the directory changes, so the bytes
are kept under the token of the result cache (the search generation the database triggers increase).

Only what cannot differ between visitors is kept: GET requests without a session or messages cookie, from
anonymous visitors, answered 200 with no cookie to set (no CSRF token rendered). The key holds the host
(a partner's portal has its own look), the full path with its query and whether HTMX asked for a part.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from maillage.search.result_cache import ResultCache
from maillage.structures import facet_counts

# A list page weighs about 28 KB (q=theatre, DEP-42 at 200,000 structures): 128 of them, 4 MB a worker.
PAGE_CACHE_ENTRIES = 128

page_cache = ResultCache(max_entries=PAGE_CACHE_ENTRIES, generation=facet_counts.generation)


def _shared_by_every_visitor(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and not request.user.is_authenticated
    )


def cached_for_visitors[**P](view: Callable[P, HttpResponse]) -> Callable[P, HttpResponse]:
    """Serve a page's kept bytes to anonymous visitors while the directory is unchanged; keep new ones."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        request = args[0]
        assert isinstance(request, HttpRequest)  # noqa: S101 (a view's first argument)
        if not _shared_by_every_visitor(request) or (token := page_cache.token()) is None:
            return view(*args, **kwargs)
        key = (token, request.get_host(), request.get_full_path(), request.headers.get("HX-Request", ""))
        if (kept := page_cache.get(key)) is not None:
            content, content_type = cast(tuple[bytes, str], kept)
            return HttpResponse(content, content_type=content_type)
        response = view(*args, **kwargs)
        if _keepable(request, response):
            page_cache.put(key, (response.content, response["Content-Type"]))
        return response

    return wrapper


def _keepable(request: HttpRequest, response: Any) -> bool:
    # A page that rendered a CSRF token sets its cookie after the view: that page is the visitor's own.
    return (
        response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
