"""Initiative pages: search with facets, the fiche (printable, PDF, JSON-LD), the yearly confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from maillage.concurrency.versions import StaleWriteError
from maillage.initiatives.enums import InnovationFamily, InnovationTag
from maillage.initiatives.jsonld import initiative_jsonld
from maillage.initiatives.models import Initiative
from maillage.initiatives.rules import CONFIRM, EDIT, VIEW
from maillage.initiatives.selectors import (
    initiative_for_page,
    parse_initiative_filters,
    related_initiatives,
    search_initiatives,
    typology_counts,
)
from maillage.initiatives.services import initiative_confirm
from maillage.memberships.rules import can
from maillage.search.params import ParameterError, page_number, parse_positive_int
from maillage.structures.enums import EssFamily
from maillage.structures.models import Discipline
from maillage.structures.search import FilterError
from maillage.www.structures.detail import json_ld_script

PAGE_SIZE = 20


def _choices() -> dict[str, Any]:
    return {
        "families": InnovationFamily.choices,
        "tags": InnovationTag.choices,
        "ess_families": EssFamily.choices,
        "disciplines": Discipline.objects.filter(parent__isnull=True).order_by("name"),
    }


def initiative_list(request: HttpRequest) -> HttpResponse:
    """List the published fiches, filtered by words, typology, discipline, territory, carrier's family."""
    context: dict[str, Any] = {"get": request.GET, **_choices()}
    try:
        filters = parse_initiative_filters(request.GET)
    except FilterError as error:
        context["error"] = error.message
        return render(request, "www/initiatives/list.html", context, status=400)
    page = Paginator(search_initiatives(filters), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    kept = request.GET.copy()
    kept.pop("page", None)
    context.update(
        {"page": page, "filters": filters, "facets": typology_counts(filters), "kept": kept.urlencode()}
    )
    return render(request, "www/initiatives/list.html", context)


def _visible(request: HttpRequest, slug: str) -> Initiative:
    initiative = initiative_for_page(slug)
    if initiative is None or not can(request.user, VIEW, initiative):
        raise Http404("Initiative introuvable.")
    return initiative


def _fiche_context(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    tag_labels = dict(InnovationTag.choices)
    return {
        "initiative": initiative,
        "tags": [tag_labels[t] for t in initiative.tags if t in tag_labels],
        "needs_reconfirmation": initiative.needs_reconfirmation(),
    }


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a fiche with its structures, figures and sources, essaimage and related initiatives."""
    initiative = _visible(request, slug)
    base_url = request.build_absolute_uri("/")[:-1]
    context = _fiche_context(request, initiative)
    context.update(
        {
            "related": related_initiatives(initiative),
            "json_ld": json_ld_script(initiative_jsonld(initiative, base_url=base_url)),
            "may_confirm": initiative.is_public and can(request.user, CONFIRM, initiative),
            "may_edit": can(request.user, EDIT, initiative),
        }
    )
    return render(request, "www/initiatives/detail.html", context)


def initiative_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Print the fiche to PDF now: one or two pages, quicker to print than to queue."""
    # WeasyPrint loads Pango and Cairo when imported: only the PDF pays for it.
    from maillage.www.territories.pdf import html_to_pdf  # noqa: PLC0415

    initiative = _visible(request, slug)
    html = render_to_string(
        "www/initiatives/print.html", {**_fiche_context(request, initiative), "is_pdf": True}, request=request
    )
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="initiative-{initiative.slug[:60]}.pdf"'
    return response


@require_POST
def initiative_confirm_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a carrier manager's yearly confirmation; a stale form is a 409 showing the other change."""
    initiative = _visible(request, slug)
    if not can(request.user, CONFIRM, initiative):
        raise PermissionDenied("Seuls les responsables des structures porteuses confirment la fiche.")
    try:
        version = parse_positive_int(request.POST.get("version", ""), field="version")
        initiative_confirm(actor=request.user, initiative=initiative, expected_version=version)
    except ParameterError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    except StaleWriteError as error:
        context = {**_fiche_context(request, initiative), "conflict": " ".join(error.messages)}
        return render(request, "www/initiatives/conflict.html", context, status=409)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400, content_type="text/plain; charset=utf-8")
    messages.success(request, "Merci : la fiche est confirmée pour un an.")
    return redirect(initiative.get_absolute_url())
