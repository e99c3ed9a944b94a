"""/appels/nouveau/ and /appels/<slug>/modifier/: staff and the organiser's managers write a call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from maillage.calls import rules
from maillage.calls.editing import call_edit, may_organise
from maillage.calls.models import Call
from maillage.calls.selectors import call_for_page, managed_structures
from maillage.calls.services import call_create
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.structures.models import Structure
from maillage.www.calls.call_form import EDITED, CallForm, initial_of
from maillage.www.calls.forms import report_errors

STALE_MESSAGE = (
    "Quelqu'un a modifié cet appel pendant que vous le modifiiez : rien n'a été enregistré. Comparez "
    "ci-dessous vos valeurs et celles enregistrées entre-temps ; le formulaire garde votre saisie, "
    "renvoyez-le pour enregistrer vos valeurs."
)
COMPARED = (*EDITED, "organiser", "questions", "criteria")


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    saved: str


def _organisers(user: Any, call: Call | None) -> list[Structure]:
    """Return the structures the person may name as organiser (the call's current one included)."""
    mine = list(managed_structures(user))
    current = list(call.organisers.all()) if call is not None else []
    return [*current, *(s for s in mine if s not in current)]


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    """Open a call in the name of a structure one manages (staff: any structure, named by its address)."""
    organisers = [s for s in _organisers(request.user, None) if may_organise(request.user, s)]
    staff = bool(request.user.is_staff)
    if not organisers and not staff:
        raise PermissionDenied("Seuls les gestionnaires d'une structure ouvrent un appel en son nom.")
    form = CallForm(
        request.POST or None, organisers=organisers, staff=staff, initial={"reviews_per_application": 3}
    )
    form.fields["version"].required = False  # a new call has none
    if request.method == "POST" and form.is_valid():
        try:
            call = call_create(
                actor=request.user,
                organisers=[form.organisers[form.cleaned_data["organiser"]]],
                questions=form.cleaned_data["questions"],
                criteria=form.cleaned_data["criteria"],
                **form.values(),
            )
        except (ValidationError, PermissionDenied) as error:
            report_errors(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
        else:
            messages.success(request, "L'appel est créé, en préparation : publiez-le quand il est prêt.")
            return redirect("calls:edit", slug=call.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "calls/edit.html", {"form": form, "call": None}, status=status)


@login_required
def call_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a call at the version its form was read at; a later change answers 409 showing it."""
    call = call_for_page(slug)
    if call is None:
        raise Http404("Appel introuvable.")
    if not can(request.user, rules.MANAGE, call):
        raise PermissionDenied("Seuls les organisateurs de l'appel et l'équipe du site le modifient.")
    organisers = _organisers(request.user, call)
    initial = initial_of(call)
    staff = bool(request.user.is_staff)
    if request.method != "POST":
        return _render(request, call, CallForm(initial=initial, organisers=organisers, staff=staff))
    form = CallForm(request.POST, initial=initial, organisers=organisers, staff=staff)
    if not form.is_valid():
        return _render(request, call, form, status=400)
    version = form.cleaned_data["version"]
    organiser = form.organisers[form.cleaned_data["organiser"]]
    try:
        call_edit(
            actor=request.user,
            call=call,
            expected_version=version,
            organiser=None if organiser.pk == initial["organiser"] else organiser,
            questions=form.cleaned_data["questions"],
            criteria=form.cleaned_data["criteria"],
            **{name: value for name, value in form.values().items() if value != initial[name]},
        )
    except StaleWriteError:
        return _conflict(request, slug, form)
    except PermissionDenied as error:
        form.add_error("organiser", str(error))
        return _render(request, call, form, status=403)
    except ValidationError as error:
        report_errors(form, error)
        return _render(request, call, form, status=400)
    messages.success(request, "L'appel est modifié.")
    return redirect("calls:edit", slug=call.slug)


def _render(
    request: HttpRequest, call: Call, form: CallForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(request, "calls/edit.html", {"form": form, "call": call, **extra}, status=status)


def _conflict(request: HttpRequest, slug: str, stale: CallForm) -> HttpResponse:
    """Refuse a stale write with 409: the values that differ, the person's input kept, at the new version."""
    call = call_for_page(slug)
    assert call is not None  # noqa: S101 (read just before; calls are withdrawn, never deleted)
    saved = initial_of(call)
    organisers = list(stale.organisers.values())
    yours = {**stale.data.dict(), "version": str(call.version)}  # type: ignore[attr-defined]
    form = CallForm(yours, initial=saved, organisers=organisers)
    form.is_valid()
    shown = CallForm(initial=saved, organisers=organisers)
    rows = [
        ConflictRow(
            str(form.fields[name].label),
            _said(form, name, yours.get(name)),
            _said(form, name, shown[name].value()),
        )
        for name in COMPARED
        if _comparable(yours.get(name)) != _comparable(shown[name].value())
    ]
    form.add_error(None, STALE_MESSAGE)
    return _render(request, call, form, status=409, conflict=rows)


def _comparable(value: Any) -> str:
    if hasattr(value, "strftime"):
        value = value.strftime("%Y-%m-%dT%H:%M" if hasattr(value, "hour") else "%Y-%m-%d")
    if isinstance(value, bool):
        value = "on" if value else ""
    return " ".join(str("" if value is None else value).replace("\r\n", "\n").split())


def _said(form: CallForm, name: str, value: Any) -> str:
    """Say a value as the page shows it: the organiser by name, yes or no, dates as typed."""
    if name == "organiser":
        names = {str(pk): label for pk, label in form.fields["organiser"].choices}  # type: ignore[attr-defined]
        return str(names.get(str(value), value))
    if name in ("anonymised", "esus_only"):
        return "oui" if value in (True, "on") else "non"
    return value if isinstance(value, str) else _comparable(value)
