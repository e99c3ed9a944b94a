"""A structure's declared relations and key figures, and a network's answer to declared memberships.

/contribuer/structures/<slug>/relations-et-chiffres/ and /contribuer/reseaux/<slug>/adhesions/.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from maillage.contributions.consent import (
    declared_members,
    membership_declaration_accept,
    membership_declaration_refuse,
)
from maillage.contributions.declarations import (
    DECLARABLE_KINDS,
    FIGURE_SOURCE,
    declared_relations,
    figure_removal,
    figure_setting,
    relation_addition,
    relation_removal,
)
from maillage.contributions.forms import FigureForm, RelationForm
from maillage.contributions.submissions import declaration_submit
from maillage.memberships.enums import Action
from maillage.memberships.rules import can, decides_membership_of
from maillage.search.params import is_ascii_digits
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.www.contributions.common import add_service_errors, forbidden, site_url


@login_required
def declarations(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the declared relations and figures; add or remove one (at once, or as a proposal) on POST."""
    structure = get_object_or_404(Structure, slug=slug)
    relation_form = RelationForm(prefix="relation")
    figure_form = FigureForm(
        prefix="chiffre", initial=_figure_initial(structure, request.GET.get("modifier", ""))
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        form: RelationForm | FigureForm = relation_form
        try:
            declared = None
            if action == "add_relation":
                form = relation_form = RelationForm(request.POST, prefix="relation")
                if form.is_valid():
                    declared = relation_addition(
                        structure, form.cleaned_data["kind"], form.cleaned_data["target"]
                    )
            elif action == "remove_relation":
                relation = get_object_or_404(
                    Relation.objects.select_related("target"),
                    pk=request.POST.get("relation"),
                    source=structure,
                    kind__in=DECLARABLE_KINDS,
                )
                declared = relation_removal(relation)
            elif action == "set_figure":
                form = figure_form = FigureForm(request.POST, prefix="chiffre")
                if form.is_valid():
                    declared = _figure_change(structure, form.cleaned_data)
            elif action == "remove_figure":
                declared = figure_removal(_declared_figure(structure, request.POST.get("figure", "")))
            else:
                messages.error(request, "Action inconnue.")
            if declared is not None:
                outcome = declaration_submit(
                    author=request.user, structure=structure, declared=declared, site_url=site_url(request)
                )
                if outcome.request is not None:
                    messages.success(
                        request,
                        "Votre proposition est enregistrée : elle attend la validation des coordinateurs "
                        "de la structure.",
                    )
                    return redirect("contributions:request", pk=outcome.request.pk)
                if _declares_membership(structure, declared):
                    messages.success(
                        request,
                        "L'adhésion est déclarée : elle attend la confirmation des coordinateurs du réseau.",
                    )
                else:
                    messages.success(request, "La fiche est modifiée.")
                return redirect("contributions:declarations", slug=structure.slug)
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        status = 400
    context = {
        "structure": structure,
        "direct": can(request.user, Action.EDIT, structure),
        "relations": declared_relations(structure),
        "figures": list(structure.key_figures.order_by("-year", "metric")),
        "figure_source": FIGURE_SOURCE,
        "relation_form": relation_form,
        "figure_form": figure_form,
    }
    return render(request, "www/contributions/declarations.html", context, status=status)


def _declares_membership(structure: Structure, declared: dict[str, Any]) -> bool:
    """Tell whether the change just applied left a membership waiting for the network's consent."""
    added = declared.get("relations_add") or []
    slugs = [item["target"] for item in added if item["kind"] == RelationKind.MEMBER_OF]
    return Relation.objects.filter(
        kind=RelationKind.MEMBER_OF, source=structure, target__slug__in=slugs, state=RelationState.DECLARED
    ).exists()


@login_required
def membership_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the structures that declare themselves members of a network; accept or refuse one on POST."""
    network = get_object_or_404(Structure.objects.only("pk", "name", "acronym", "slug"), slug=slug)
    if not decides_membership_of(request.user, network):
        return forbidden(request, "Seuls les coordinateurs du réseau confirment ou refusent ses adhésions.")
    status = 200
    problem = ""
    if request.method == "POST":
        relation = get_object_or_404(declared_members(network), pk=_digits(request.POST.get("relation", "")))
        action = request.POST.get("action")
        try:
            if action == "accept":
                membership_declaration_accept(relation=relation, actor=request.user)
                messages.success(request, f"« {relation.source.name} » est maintenant membre du réseau.")
                return redirect("contributions:membership_requests", slug=network.slug)
            if action == "refuse":
                reason = request.POST.get("reason", "")
                membership_declaration_refuse(relation=relation, actor=request.user, reason=reason)
                messages.success(request, f"L'adhésion de « {relation.source.name} » est refusée.")
                return redirect("contributions:membership_requests", slug=network.slug)
            messages.error(request, "Action inconnue.")
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            problem = " ".join(error.messages)
        status = 400
    context = {"network": network, "declarations": list(declared_members(network)), "error": problem}
    return render(request, "www/contributions/membership_requests.html", context, status=status)


def _digits(value: str) -> int:
    """Return an id written in ASCII digits, or 0 (which matches nothing)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


def _declared_figure(structure: Structure, pk: object) -> KeyFigure:
    """Return a figure the structure stated itself, by the id a form sent; 404 for any other."""
    text = str(pk)[:12]
    if not is_ascii_digits(text):
        raise Http404("Chiffre clé inconnu.")
    return get_object_or_404(KeyFigure, pk=int(text), structure=structure, source_label=FIGURE_SOURCE)


def _figure_initial(structure: Structure, pk: str) -> dict[str, Any]:
    """Return the figure form's values to change a declared figure (none for an unknown one)."""
    text = pk[:12]
    figure = (
        KeyFigure.objects.filter(pk=int(text), structure=structure, source_label=FIGURE_SOURCE).first()
        if is_ascii_digits(text)
        else None
    )
    if figure is None:
        return {}
    value = figure.value if figure.value != figure.value.to_integral_value() else figure.value.quantize(1)
    return {"year": figure.year, "metric": figure.metric, "value": value, "figure": figure.pk}


def _figure_change(structure: Structure, data: dict[str, Any]) -> dict[str, Any]:
    """Return the change a figure form asks: a figure stated, and the one it replaces when moved."""
    declared = figure_setting(data["year"], data["metric"], data["value"])
    if data.get("figure") is not None:
        old = _declared_figure(structure, data["figure"])
        if (old.year, old.metric) != (data["year"], data["metric"]):
            declared.update(figure_removal(old))
    return declared
