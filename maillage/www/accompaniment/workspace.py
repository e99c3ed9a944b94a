"""The officer's workspace, the calendar of checkpoints, opening a case, a manager's agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from maillage.accompaniment.calendar import checkpoints_ics
from maillage.accompaniment.models import Body, Consent
from maillage.accompaniment.phases import case_open
from maillage.accompaniment.rules import is_resource_centre
from maillage.accompaniment.selectors import (
    cases_by_phase,
    checkpoints_due,
    consultant_actions,
    idle_cases,
    officer_bodies,
    readable_cases,
    upcoming_checkpoints,
)
from maillage.accompaniment.services import consent_give
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.structures.models import Structure
from maillage.www.accompaniment.forms import ConsentForm, OpenForm

LIST_LIMIT = 20


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """Render my cases by phase, the checkpoints due this month, idle cases, my actions."""
    user = request.user
    bodies = list(officer_bodies(user))
    context = {
        "bodies": bodies,
        "phases": cases_by_phase(user, limit=LIST_LIMIT) if bodies else [],
        "due": list(checkpoints_due(user)[:LIST_LIMIT]) if bodies else [],
        "idle": list(idle_cases(user)[:LIST_LIMIT]) if bodies else [],
        "actions": list(consultant_actions(user)[:LIST_LIMIT]),
        "own_cases": list(
            readable_cases(user)
            .exclude(body__in=bodies)
            .select_related("body__structure")
            .order_by("-opened_on", "-pk")[:LIST_LIMIT]
        ),
        "sees_figures": bool(bodies) or is_resource_centre(user),
        "month": timezone.localdate(),
    }
    return render(request, "accompaniment/workspace.html", context)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Return the user's checkpoints to come as an .ics file."""
    response = HttpResponse(
        checkpoints_ics(upcoming_checkpoints(request.user)), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="points-de-suivi.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_new(request: HttpRequest, body_pk: int) -> HttpResponse:
    """Open a case for structures whose managers agreed to accompaniment by the body."""
    body = get_object_or_404(Body.objects.select_related("structure"), pk=body_pk)
    if not can(request.user, "open_case", body):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure ouvrent un dossier.")
    consenting = (
        Structure.objects.filter(
            accompaniment_consents__body=body, accompaniment_consents__withdrawn_at__isnull=True
        )
        .order_by("name", "pk")
        .values_list("pk", "name")[:500]
    )
    form = OpenForm(request.POST or None, structures=list(consenting))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            chosen = list(
                Structure.objects.filter(pk__in=[int(pk) for pk in form.cleaned_data["beneficiaries"]])
            )
            try:
                case = case_open(
                    body=body, beneficiaries=chosen, officer=request.user, actor=request.user,
                    title=form.cleaned_data["title"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, "Dossier ouvert.")
                return redirect("accompaniment:case", pk=case.pk)
    return render(request, "accompaniment/open.html", {"body": body, "form": form}, status=status)


@login_required
def consent(request: HttpRequest, slug: str) -> HttpResponse:
    """Let a structure's manager agree that a body accompanies it, and show the agreements given."""
    structure = get_object_or_404(Structure, slug=slug)
    if not can(request.user, Action.MANAGE_MEMBERS, structure):
        raise PermissionDenied("Seuls les gestionnaires de la structure donnent cet accord.")
    form = ConsentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            consent_give(structure=structure, body=form.cleaned_data["body"], actor=request.user)
            messages.success(request, "Accord enregistré.")
            return redirect("accompaniment:consent", slug=slug)
    given = Consent.objects.filter(structure=structure, withdrawn_at__isnull=True).select_related(
        "body__structure"
    )
    return render(
        request,
        "accompaniment/consent.html",
        {"structure": structure, "form": form, "given": given},
        status=status,
    )
