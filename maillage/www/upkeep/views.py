"""Upkeep of the directory by coordinators: suspected duplicates and their merge, records to confirm."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maillage.history.merge import structure_merge
from maillage.history.selectors import (
    coordinates_anything,
    perimeter,
    stale_structures,
    structure_by_slug,
    structures_to_compare,
)
from maillage.history.services import structure_confirm
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.search.params import page_number
from maillage.structures.distinct import distinct_decisions
from maillage.structures.duplicates import duplicate_pairs
from maillage.www.history.views import refused
from maillage.www.upkeep.compare import comparison_rows

PAGE_SIZE = 50
COORDINATORS_ONLY = (
    "Cette page est réservée aux coordinateurs de réseaux et de territoires, et à l'administration."
)


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    """List the suspected duplicates in the person's perimeter, and the pairs said to be distinct."""
    if not coordinates_anything(request.user):
        return refused(request, COORDINATORS_ONLY)
    structures = perimeter(request.user)
    context = {"pairs": duplicate_pairs(structures), "decisions": distinct_decisions(structures)}
    return render(request, "www/upkeep/duplicates.html", context)


@login_required
def merge(request: HttpRequest, keep: int, duplicate: int) -> HttpResponse:
    """Show two records side by side, and merge them into the one chosen."""
    structures = structures_to_compare(keep, duplicate)
    if keep == duplicate or len(structures) != 2:
        raise Http404("L'une des deux structures n'existe plus : elle a peut-être déjà été fusionnée.")
    if not all(can(request.user, Action.MERGE, s) for s in structures):
        return refused(request, "Il faut coordonner les deux structures pour les fusionner.")
    error = ""
    if request.method == "POST":
        chosen = request.POST.get("keep", "")
        kept = next((s for s in structures if str(s.pk) == chosen), None)
        if kept is None:
            error = "Choisissez la fiche à conserver."
        else:
            other = structures[1] if kept is structures[0] else structures[0]
            try:
                structure_merge(
                    keep=kept,
                    duplicate=other,
                    actor=request.user,
                    keep_version=_posted_version(request, kept.pk),
                    duplicate_version=_posted_version(request, other.pk),
                )
            except PermissionDenied as denied:
                return refused(request, str(denied))
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                messages.success(request, f"« {other.name} » est fusionnée dans « {kept.name} ».")
                return redirect("upkeep:duplicates")
    context = {"structures": structures, "rows": comparison_rows(structures), "error": error}
    return render(request, "www/upkeep/merge.html", context, status=400 if error else 200)


def _posted_version(request: HttpRequest, pk: int) -> int | None:
    """Return the version of a record the page showed, if the form sent a readable one."""
    value = request.POST.get(f"version_{pk}", "")
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


@login_required
def stale(request: HttpRequest) -> HttpResponse:
    """List the structures of the person's perimeter whose record nobody confirmed for too long."""
    if not coordinates_anything(request.user):
        return refused(request, COORDINATORS_ONLY)
    days = settings.STRUCTURE_CONFIRMATION_REMINDER_DAYS
    page = Paginator(stale_structures(request.user, days), PAGE_SIZE).get_page(
        page_number(request.GET.get("page"))
    )
    return render(request, "www/upkeep/stale.html", {"page": page, "days": days})


@require_POST
@login_required
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    """Confirm that a structure's record is still true, then go back where the person was."""
    structure = structure_by_slug(slug)
    if structure is None:
        raise Http404(f"Structure inconnue : {slug}")
    try:
        structure_confirm(structure=structure, actor=request.user)
    except PermissionDenied as denied:
        return refused(request, str(denied))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, {request.get_host()}, require_https=request.is_secure()
    ):
        messages.success(request, f"Les informations de « {structure.name} » sont confirmées.")
        return redirect(back)
    return redirect(reverse("structures:detail", kwargs={"slug": structure.slug}) + "#confirmation")
