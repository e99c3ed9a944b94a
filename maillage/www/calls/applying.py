"""An application's page: the draft its managers fill and submit, the frozen copy everyone entitled reads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.calls import rules
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Application
from maillage.calls.selectors import application_for_page, assignable_reviewers, call_for_page
from maillage.calls.services import (
    application_create,
    application_submit,
    application_update,
    application_withdraw,
)
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.search.params import ParameterError, parse_id
from maillage.structures.models import Structure
from maillage.www.calls.forms import ApplicationForm, AssignForm, WithdrawForm, report_errors


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a draft for one of the person's structures, pre-filled from the directory."""
    call = call_for_page(slug)
    if call is None or not can(request.user, rules.VIEW, call):
        raise Http404("Appel introuvable.")
    try:
        structure_id = parse_id(request.POST.get("structure", ""), field="structure")
    except ParameterError as error:
        messages.error(request, error.message)
        return redirect(call)
    structure = Structure.objects.filter(pk=structure_id).first()
    if structure is None:
        messages.error(request, "Structure introuvable.")
        return redirect(call)
    try:
        application = application_create(actor=request.user, call=call, structure=structure)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(call)
    messages.success(
        request, "Brouillon créé à partir de la fiche de l'annuaire : complétez-le puis déposez-le."
    )
    return redirect(application)


def _initial(application: Application) -> dict[str, Any]:
    return {
        "version": application.version,
        "title": application.title,
        "consent_publication": application.consent_publication,
        **{key: str(value) for key, value in application.answers.items()},
    }


def application_context(request: HttpRequest, application: Application, **extra: Any) -> dict[str, Any]:
    """Return what the application page shows this person, by role: draft form, assignment, history."""
    user = request.user
    call = application.call
    questions = list(call.questions.all())
    applicant = can(user, rules.EDIT, application)
    runs = can(user, rules.MANAGE, call)
    deliberates = can(user, rules.DECIDE, application)
    context: dict[str, Any] = {
        "application": application,
        "call": call,
        "answers": [(q, application.answers.get(q.key, "")) for q in questions],
        "applicant": applicant,
        "deliberates": deliberates,
        # Reviewers of an anonymised call see the project, not who carries it.
        "hide_identity": call.anonymised and not (applicant or deliberates),
        "reviewing": application.assignments.filter(reviewer_id=user.pk, withdrawn_at__isnull=True).exists(),
        "events": application.events.select_related("actor").order_by("at", "pk")
        if applicant or deliberates
        else [],
    }
    if applicant and application.state == ApplicationState.DRAFT and "form" not in extra:
        context["form"] = ApplicationForm(initial=_initial(application), questions=questions)
    if applicant and application.state != ApplicationState.WITHDRAWN and "withdraw_form" not in extra:
        context["withdraw_form"] = WithdrawForm(initial={"version": application.version})
    if runs and application.state == ApplicationState.SUBMITTED:
        candidates = assignable_reviewers(application)
        context["candidates"] = candidates
        context["assigned"] = application.assignments.select_related("reviewer").order_by("assigned_at")
        if "assign_form" not in extra:
            context["assign_form"] = AssignForm(choices=[(u.pk, str(u)) for u, _ in candidates])
    context.update(extra)
    return context


@login_required
def application_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the application to those entitled (403 to a reviewer in conflict); save or submit a draft."""
    application = application_for_page(pk)
    if application is None:
        raise Http404("Candidature introuvable.")
    if not can(request.user, rules.VIEW, application):
        raise PermissionDenied(
            "Vous n'avez pas accès à cette candidature (ou un conflit d'intérêts vous l'interdit)."
        )
    if request.method != "POST":
        return render(request, "calls/application.html", application_context(request, application))
    if not can(request.user, rules.EDIT, application):
        raise PermissionDenied("Seuls les gestionnaires de la structure modifient sa candidature.")
    form = ApplicationForm(request.POST, questions=application.call.questions.all())
    status = 400
    if form.is_valid():
        version = form.cleaned_data["version"]
        try:
            saved = application_update(
                actor=request.user,
                application=application,
                expected_version=version,
                title=form.cleaned_data["title"],
                answers=form.answers(),
                consent_publication=form.cleaned_data["consent_publication"],
            )
            if request.POST.get("action") == "submit":
                saved = application_submit(
                    actor=request.user, application=saved, expected_version=saved.version
                )
                messages.success(request, f"Candidature déposée. Accusé de réception : {saved.receipt}.")
            else:
                messages.success(request, "Brouillon enregistré.")
            return redirect(saved)
        except StaleWriteError as error:
            form.add_error(None, error)
            status = 409
        except ValidationError as error:
            report_errors(form, error)
        application.refresh_from_db()
    return render(
        request, "calls/application.html", application_context(request, application, form=form), status=status
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the application, with a reason: it stays, out of the review."""
    application = application_for_page(pk)
    if application is None:
        raise Http404("Candidature introuvable.")
    if not can(request.user, rules.EDIT, application):
        raise PermissionDenied("Seuls les gestionnaires de la structure retirent sa candidature.")
    form = WithdrawForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            application_withdraw(
                actor=request.user,
                application=application,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, "Candidature retirée.")
            return redirect(application)
        except StaleWriteError as error:
            form.add_error(None, error)
            status = 409
        except ValidationError as error:
            report_errors(form, error)
    context = application_context(request, application, withdraw_form=form)
    return render(request, "calls/application.html", context, status=status)
