"""/initiatives/<slug>/partenaires/ and /essaimage/: the fiche's editors add and remove its links.

Each form carries the fiche's version: a link written over a later change of the fiche answers 409 with
the edit page as it is now (its partners and essaimage listed), the person's input kept.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from maillage.concurrency.versions import StaleWriteError
from maillage.initiatives.link_services import (
    initiative_add_essaimage,
    initiative_add_partner,
    initiative_remove_essaimage,
    initiative_remove_partner,
)
from maillage.initiatives.selectors import initiative_for_page
from maillage.www.initiatives.edit import editable, render_edit
from maillage.www.initiatives.forms import (
    EssaimageForm,
    InitiativeForm,
    PartnerForm,
    RemoveForm,
    initiative_values,
)

STALE_LINKS = (
    "Quelqu'un a modifié cette fiche pendant que vous la modifiiez : rien n'a été enregistré. Ses "
    "partenaires et son essaimage tels qu'ils sont maintenant sont listés ci-dessous ; le formulaire "
    "garde votre saisie, renvoyez-le pour l'enregistrer."
)


def _page(request: HttpRequest, slug: str, status: int, **forms_and_errors: Any) -> HttpResponse:
    initiative = editable(request, slug)
    form = InitiativeForm(initial={**initiative_values(initiative), "version": initiative.version})
    return render_edit(request, initiative, form, status=status, **forms_and_errors)


def _run(request: HttpRequest, slug: str, form: forms.Form, name: str, write: Any, done: str) -> HttpResponse:
    """Validate, write at the version read, answer 409 over a later change and 400 over a refusal."""
    if not form.is_valid():
        return _page(request, slug, 400, **{name: form})
    try:
        write(form.cleaned_data)
    except StaleWriteError:
        data = request.POST.copy()
        fresh = initiative_for_page(slug)
        data["version"] = str(fresh.version if fresh is not None else "")
        return _page(request, slug, 409, errors=[STALE_LINKS], **{name: type(form)(data)})
    except PermissionDenied:
        raise
    except ValidationError as error:
        return _page(request, slug, 400, errors=error.messages, **{name: form})
    messages.success(request, done)
    return redirect("initiatives:edit", slug=slug)


@login_required
@require_POST
def add_partner(request: HttpRequest, slug: str) -> HttpResponse:
    """Name a partner of the fiche."""
    initiative = editable(request, slug)
    return _run(
        request, slug, PartnerForm(request.POST), "partner_form",
        lambda data: initiative_add_partner(
            actor=request.user, initiative=initiative, expected_version=data["version"],
            structure=data["structure"], label=data["role_label"],
        ),
        "Le partenaire est ajouté à la fiche.",
    )  # fmt: skip


@login_required
@require_POST
def add_essaimage(request: HttpRequest, slug: str) -> HttpResponse:
    """Record an initiative or a structure that replicated the fiche's initiative."""
    initiative = editable(request, slug)
    return _run(
        request, slug, EssaimageForm(request.POST), "essaimage_form",
        lambda data: initiative_add_essaimage(
            actor=request.user, initiative=initiative, expected_version=data["version"],
            adopter_initiative=data["adopter_initiative"], adopter_structure=data["adopter_structure"],
            started_on=data["started_on"], note=data["note"],
        ),
        "L'essaimage est ajouté à la fiche.",
    )  # fmt: skip


@login_required
@require_POST
def remove(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Take a partner or an essaimage off the fiche."""
    initiative = editable(request, slug)

    def write(data: dict[str, Any]) -> None:
        common = {"actor": request.user, "initiative": initiative, "expected_version": data["version"]}
        if kind == "partner":
            initiative_remove_partner(**common, link_id=pk)
        else:
            initiative_remove_essaimage(**common, essaimage_id=pk)

    done = (
        "Le partenaire est retiré de la fiche."
        if kind == "partner"
        else "L'essaimage est retiré de la fiche."
    )
    return _run(request, slug, RemoveForm(request.POST), "remove_form", write, done)
