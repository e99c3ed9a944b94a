"""Refuse, before any view, the requests whose address carries a NUL character.

No page nor API parameter means one, and PostgreSQL refuses it in any text it is asked to compare: left
to the views, "?q=%00" or "/territoires/%00/" would end as a server error instead of a clear refusal.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"
MESSAGE = "Requête refusée : l'adresse contient un caractère nul (%00), qu'aucun paramètre n'admet."


def _nul_parameter(request: HttpRequest) -> str | None:
    """Return the parameter holding a NUL ("chemin" for the path itself), or None."""
    if NUL in request.path:
        return "chemin"
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "")
    return None


class RefuseNulMiddleware:
    """Answer 400 in French, as JSON on the API, to a request whose path or query string holds a NUL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (parameter := _nul_parameter(request)) is not None:
            if request.path.startswith("/api/"):
                # The shape of the API's other refusals of a parameter: {detail, parametre}.
                return JsonResponse({"detail": MESSAGE, "parametre": parameter}, status=400)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
