"""Writing a fiche: a new draft, its texts, its figures, submission by carriers, publication by moderators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.concurrency.forms import VersionField
from maillage.concurrency.versions import StaleWriteError
from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.models import Initiative
from maillage.initiatives.rules import EDIT, PUBLISH, SUBMIT
from maillage.initiatives.selectors import initiative_for_page
from maillage.initiatives.services import (
    initiative_add_figure,
    initiative_create,
    initiative_link_structure,
    initiative_publish,
    initiative_submit,
    initiative_update,
    publication_gaps,
)
from maillage.memberships.enums import MemberRole
from maillage.memberships.rules import can
from maillage.structures.models import Structure
from maillage.www.initiatives.forms import (
    EssaimageForm,
    FigureForm,
    InitiativeForm,
    NewInitiativeForm,
    PartnerForm,
    RemoveForm,
    initiative_values,
)

STALE = (
    "Quelqu'un a modifié cette fiche pendant que vous la modifiiez : rien n'a été enregistré. Les valeurs "
    "enregistrées entre-temps sont indiquées ci-dessous ; le formulaire garde votre saisie."
)


def editable(request: HttpRequest, slug: str, action: str = EDIT) -> Initiative:
    initiative = initiative_for_page(slug)
    if initiative is None:
        raise Http404("Initiative introuvable.")
    if not can(request.user, action, initiative):
        raise PermissionDenied("Seuls les responsables des structures porteuses et leurs modérateurs.")
    return initiative


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Start a draft carried by one of the structures the person manages."""
    carriers = Structure.objects.filter(
        memberships__user_id=request.user.pk or 0, memberships__role=MemberRole.MANAGER
    ).order_by("name")
    form = NewInitiativeForm(request.POST or None, carriers=carriers)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "www/initiatives/new.html", {"form": form}, status=status)
    initiative = initiative_create(actor=request.user, title=form.cleaned_data["title"])
    initiative_link_structure(
        actor=request.user,
        initiative=initiative,
        structure=form.cleaned_data["carrier"],
        role=CarrierRole.CARRIER,
    )
    messages.success(request, "Le brouillon est créé : complétez la fiche puis soumettez-la.")
    return redirect("initiatives:edit", slug=initiative.slug)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Render the fiche's form; write the changed fields at the version read (409 if stale)."""
    initiative = editable(request, slug)
    initial = {**initiative_values(initiative), "version": initiative.version}
    if request.method != "POST":
        return render_edit(request, initiative, InitiativeForm(initial=initial))
    form = InitiativeForm(request.POST, initial=initial)
    if not form.is_valid():
        return render_edit(request, initiative, form, status=400)
    try:
        initiative_update(
            actor=request.user,
            initiative=initiative,
            expected_version=form.cleaned_data["version"],
            **form.changes(initiative),
        )
    except StaleWriteError:
        saved = initiative_for_page(slug)
        return render_edit(request, saved or initiative, form, status=409, errors=[STALE], saved=saved)
    except ValidationError as error:
        return render_edit(request, initiative, form, status=400, errors=error.messages)
    messages.success(request, "La fiche est enregistrée.")
    return redirect("initiatives:edit", slug=initiative.slug)


@login_required
@require_POST
def add_figure(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a key figure; without a source it is kept but holds the fiche back from publication."""
    initiative = editable(request, slug)
    figure_form = FigureForm(request.POST)
    if not figure_form.is_valid():
        form = InitiativeForm(initial={**initiative_values(initiative), "version": initiative.version})
        return render_edit(request, initiative, form, status=400, figure_form=figure_form)
    initiative_add_figure(actor=request.user, initiative=initiative, **figure_form.cleaned_data)
    messages.success(request, "Le chiffre est ajouté.")
    return redirect("initiatives:edit", slug=initiative.slug)


@login_required
@require_POST
def transition(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    """Submit (carriers) or publish (moderators) the fiche; the gate's refusals are listed, in French."""
    action = {"soumettre": SUBMIT, "publier": PUBLISH}.get(step)
    if action is None:
        raise Http404("Étape inconnue.")
    initiative = editable(request, slug, action)
    service = initiative_submit if action == SUBMIT else initiative_publish
    try:
        version = VersionField().clean(request.POST.get("version"))
        service(actor=request.user, initiative=initiative, expected_version=version)
    except StaleWriteError:
        form = InitiativeForm(initial={**initiative_values(initiative), "version": initiative.version})
        return render_edit(request, initiative, form, status=409, errors=[STALE])
    except ValidationError as error:
        form = InitiativeForm(initial={**initiative_values(initiative), "version": initiative.version})
        return render_edit(request, initiative, form, status=400, errors=error.messages)
    messages.success(request, "La fiche est soumise." if action == SUBMIT else "La fiche est publiée.")
    return redirect("initiatives:edit", slug=initiative.slug)


def render_edit(
    request: HttpRequest,
    initiative: Initiative,
    form: InitiativeForm,
    *,
    status: int = 200,
    errors: list[str] | None = None,
    saved: Initiative | None = None,
    figure_form: FigureForm | None = None,
    partner_form: PartnerForm | None = None,
    essaimage_form: EssaimageForm | None = None,
    remove_form: RemoveForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "initiative": initiative,
        "form": form,
        "figure_form": figure_form or FigureForm(),
        # The links' forms carry the fiche's version: each write moves it (initiatives.link_services).
        "partner_form": partner_form or PartnerForm(initial={"version": initiative.version}),
        "essaimage_form": essaimage_form or EssaimageForm(initial={"version": initiative.version}),
        "remove_form": remove_form,
        "errors": errors or [],
        "saved": initiative_values(saved) if saved is not None else None,
        "gaps": publication_gaps(initiative),
        "may_submit": initiative.state == "draft" and can(request.user, SUBMIT, initiative),
        "may_publish": initiative.state == "submitted" and can(request.user, PUBLISH, initiative),
    }
    return render(request, "www/initiatives/edit.html", context, status=status)
