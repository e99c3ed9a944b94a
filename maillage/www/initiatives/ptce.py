"""PTCE pages: the directory's map and list with the PTCE kind preset, a PTCE's page, the charter."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.initiatives.charter_selectors import charter_statuses, charter_with_versions
from maillage.initiatives.charter_services import charter_sign
from maillage.initiatives.models import CharterSignature, CharterVersion
from maillage.initiatives.rules import SIGN
from maillage.initiatives.selectors import initiatives_of
from maillage.memberships.rules import can
from maillage.search.params import ParameterError, parse_id
from maillage.structures.enums import StructureKind
from maillage.structures.models import Relation, Structure
from maillage.structures.search import Facets, StructureFilters
from maillage.www.structures.views import _directory

KIND = StructureKind.PTCE_CLUSTER


def ptce_list(request: HttpRequest) -> HttpResponse:
    """Render the directory's map and list of PTCE, each with its charter status."""
    params = request.GET.copy()
    params.setlist("type", [KIND])

    def statuses(filters: StructureFilters, facets: Facets) -> dict[str, Any]:
        return {"charter": charter_with_versions(), "statuses": charter_statuses_rows(filters, facets)}

    return _directory(
        request,
        params,
        template="www/initiatives/ptce_list.html",
        hidden=("type",),
        extend=statuses,
        show_map=True,
    )


def charter_statuses_rows(filters: StructureFilters, facets: Facets) -> list[tuple[Structure, Any]]:
    """Return the PTCE of the page with their charter status (one query for all of them)."""
    from maillage.structures.search import search_page  # noqa: PLC0415 (the page the directory shows)

    items = search_page(filters, total=facets.total, more=facets.capped).items
    found = charter_statuses(s.pk for s in items)
    return [(s, found[s.pk]) for s in items]


def _ptce(slug: str) -> Structure:
    structure = (
        Structure.objects.published().filter(slug=slug, kind=KIND).select_related("commune").first()
        if slug.isascii()
        else None
    )
    if structure is None:
        raise Http404("PTCE introuvable.")
    return structure


def ptce_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a PTCE: its members, territory, fiches, and its signature of the charter."""
    ptce = _ptce(slug)
    members = (
        Relation.objects.current()
        .member_of()
        .filter(target=ptce)
        .select_related("source")
        .order_by("source__name")
    )
    charter = charter_with_versions()
    latest = charter.versions.all()[0] if charter is not None and charter.versions.all() else None
    may_sign = latest is not None and can(
        request.user, SIGN, CharterSignature(charter_version=latest, structure=ptce)
    )
    context = {
        "ptce": ptce,
        "members": [r.source for r in members],
        "territories": list(ptce.territories_served.all()),
        "fiches": initiatives_of(ptce.pk),
        "charter": charter,
        "latest": latest,
        "status": charter_statuses([ptce.pk])[ptce.pk],
        "may_sign": may_sign,
    }
    return render(request, "www/initiatives/ptce_detail.html", context)


@require_POST
def ptce_sign(request: HttpRequest, slug: str) -> HttpResponse:
    """Sign the charter's given version for the PTCE (its managers only)."""
    ptce = _ptce(slug)
    try:
        version_id = parse_id(request.POST.get("charter_version", ""), field="charter_version")
    except ParameterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    version = CharterVersion.objects.select_related("charter").filter(pk=version_id).first()
    if version is None:
        return HttpResponse(
            "Version de charte inconnue.", status=400, content_type="text/plain; charset=utf-8"
        )
    try:
        charter_sign(actor=request.user, charter_version=version, structure=ptce)
    except PermissionDenied:
        raise PermissionDenied("Seuls les responsables du PTCE signent la charte en son nom.") from None
    messages.success(request, f"{ptce.name} a signé la version {version.number} de la charte.")
    return redirect("ptce:detail", slug=ptce.slug)


def charter_page(request: HttpRequest) -> HttpResponse:
    """Show the charter's versions, each with its public list of signatories."""
    charter = charter_with_versions()
    if charter is None:
        raise Http404("Charte introuvable.")
    return render(request, "www/initiatives/charter.html", {"charter": charter})
