"""/contribuer/structures/<slug>/modifier/: members change the record at once, others propose."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from maillage.concurrency.versions import StaleWriteError
from maillage.contributions.forms import EditForm, commune_display
from maillage.contributions.proposals import profile_values
from maillage.contributions.selectors import structure_for_edit
from maillage.contributions.submissions import structure_edit
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.structures.field_sources import IMPORT, SIRENE, describe, entry
from maillage.structures.models import Structure
from maillage.www.contributions.common import add_service_errors, forbidden, site_url
from maillage.www.contributions.conflicts import STALE_MESSAGE, ConflictRow, conflict_rows


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the profile form; apply it or send it to moderation on POST."""
    try:
        structure = structure_for_edit(slug)
    except Structure.DoesNotExist as error:
        raise Http404(f"Structure inconnue : {slug}") from error
    direct = can(request.user, Action.EDIT, structure)
    initial = {
        **profile_values(structure),
        "commune": commune_display(structure.commune, structure.postal_code),
        "version": structure.version,
    }
    if request.method != "POST":
        form = EditForm(initial=initial, direct=direct)
        return _render(request, structure, form, direct)
    form = EditForm(request.POST, request.FILES, initial=initial, direct=direct)
    if not form.is_valid():
        return _render(request, structure, form, direct, status=400)
    try:
        outcome = structure_edit(
            author=request.user,
            structure=structure,
            values=form.values(),
            message=form.cleaned_data.get("message", ""),
            logo=form.cleaned_data.get("logo"),
            site_url=site_url(request),
            expected_version=form.cleaned_data["version"] if direct else None,
        )
    except StaleWriteError:
        return _render_conflict(request, slug, form, direct)
    except PermissionDenied as error:
        return forbidden(request, error)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render(request, structure, form, direct, status=400)
    if outcome.applied:
        messages.success(request, "La fiche est modifiée.")
        return redirect("structures:detail", slug=structure.slug)
    if outcome.request is not None:
        messages.success(
            request,
            "Votre proposition est enregistrée : elle attend la validation des coordinateurs de la "
            "structure. Vous serez prévenu·e par courriel de leur décision.",
        )
        return redirect("contributions:request", pk=outcome.request.pk)
    messages.info(request, "Rien n'a changé : la fiche indique déjà ces informations.")
    return redirect("contributions:edit", slug=structure.slug)


def _render(
    request: HttpRequest,
    structure: Structure,
    form: EditForm,
    direct: bool,
    status: int = 200,
    conflict: list[ConflictRow] | None = None,
) -> HttpResponse:
    _say_sirene_values(form, structure)
    context = {"structure": structure, "form": form, "direct": direct, "conflict": conflict}
    return render(request, "www/contributions/edit.html", context, status=status)


def _render_conflict(request: HttpRequest, slug: str, stale: EditForm, direct: bool) -> HttpResponse:
    """Refuse a stale edit with 409: what changed meanwhile, the person's input kept, at the new version."""
    structure = structure_for_edit(slug)
    data = request.POST.copy()
    data["version"] = str(structure.version)
    form = EditForm(data, initial=stale.initial, direct=direct)
    form.is_valid()
    rows = conflict_rows(structure, since=stale.cleaned_data["version"], submitted=stale.values())
    form.add_error(None, STALE_MESSAGE)
    return _render(request, structure, form, direct, status=409, conflict=rows)


def _say_sirene_values(form: EditForm, structure: Structure) -> None:
    """Show beside the legal form and ESS family what SIRENE says, when the value came from it."""
    for name, shown in (
        ("legal_category_code", structure.legal_category_label or structure.legal_category_code),
        ("ess_family", structure.get_ess_family_display()),
    ):
        found = entry(structure.field_sources, name)
        if shown and found and found.get("kind") == IMPORT and found.get("source") == SIRENE:
            form.fields[name].help_text = f"Valeur de SIRENE ({describe(found)}) : {shown}."
