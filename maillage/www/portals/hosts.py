"""Serve a portal on its partner's own host name: the host decides the portal, then the URL conf.

Django refuses any host outside ALLOWED_HOSTS before this runs (request.get_host raises), so a portal's
host name works only once the operator has added it there (ADR 21): the table of portals never widens
the hosts the site answers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from maillage.portals.hosts import portal_id_for_host

HOST_URLCONF = "maillage.www.portals.host_urls"


class PortalHostMiddleware:
    """Route a request on a portal's own host name to that portal's pages, the rest of the site beside."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host, _ = split_domain_port(request.get_host())
        try:
            portal_id = portal_id_for_host(host.rstrip("."))
        except DatabaseError:
            # The database is down: the site's own pages say so (/sante/ answers 503), not this lookup.
            portal_id = None
        if portal_id is not None:
            request.portal_id = portal_id  # type: ignore[attr-defined]
            request.urlconf = HOST_URLCONF
        return self.get_response(request)
