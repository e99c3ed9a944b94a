"""Let widgets be framed by any site, and keep every other page unframeable; widgets never set a cookie.

Placed outside the session, CSRF and messages middleware: their cookies are set on the way out before
this one runs, so removing them here removes them whatever a view or a template did. The Content Security
Policy middleware, outside this one, then reads the widget's policy from the response.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PREFIX = "/embed/"
# The site's policy with one change: any page may frame a widget.
EMBED_CSP = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


def is_embed_path(path: str) -> bool:
    """Tell whether an address is a widget's (or the snippet page's)."""
    return path == PREFIX.rstrip("/") or path.startswith(PREFIX)


class EmbedHeadersMiddleware:
    """Give /embed/ responses `frame-ancestors *`, no X-Frame-Options and no Set-Cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_embed_path(request.path):
            return response
        response._csp_config = EMBED_CSP  # type: ignore[attr-defined]  # read by ContentSecurityPolicyMiddleware
        if "X-Frame-Options" in response:
            del response["X-Frame-Options"]
        response.cookies.clear()
        # Nothing personal in a widget: the same answer for everyone, cacheable by the partner's visitors.
        if "Vary" in response:
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
