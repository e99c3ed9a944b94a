"""The committee's pages: assignments, the review dashboard, scoring, the deliberation and its export."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.calls import rules
from maillage.calls.deliberation import application_decide, decisions_publish
from maillage.calls.enums import ApplicationState
from maillage.calls.exports import applications_csv
from maillage.calls.models import Application, Assignment, Call
from maillage.calls.reviewing import assignment_create, conflict_declare, review_submit
from maillage.calls.scores import score_table
from maillage.calls.selectors import SORTS, application_for_page, call_for_page, dashboard
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.search.params import ParameterError, page_number, parse_id
from maillage.www.calls.applying import application_context
from maillage.www.calls.forms import AssignForm, ConflictForm, DecisionForm, ReviewForm, report_errors

PAGE_SIZE = 100


def _call(slug: str, user: object, action: str) -> Call:
    call = call_for_page(slug)
    if call is None:
        raise Http404("Appel introuvable.")
    if not can(user, action, call):
        raise PermissionDenied("Cette page est réservée au comité de l'appel.")
    return call


def _application(pk: int) -> Application:
    application = application_for_page(pk)
    if application is None:
        raise Http404("Candidature introuvable.")
    return application


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the application to a committee member; a conflict of interest is refused, naming its link."""
    application = _application(pk)
    if not can(request.user, rules.MANAGE, application.call):
        raise PermissionDenied("Seuls les organisateurs assignent les évaluations.")
    committee = application.call.committee.select_related("user")
    form = AssignForm(request.POST, choices=[(m.user_id, str(m.user)) for m in committee])
    if form.is_valid():
        reviewer = get_user_model().objects.get(pk=form.cleaned_data["reviewer"])
        try:
            assignment_create(actor=request.user, application=application, reviewer=reviewer)
            messages.success(request, f"Évaluation confiée à {reviewer}.")
            return redirect(application)
        except ValidationError as error:
            report_errors(form, error)
    context = application_context(request, application, assign_form=form)
    return render(request, "calls/application.html", context, status=400)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Score the application on each criterion, with comments (403 to anyone else, and to a conflict)."""
    application = _application(pk)
    assignment = Assignment.objects.filter(
        application=application, reviewer_id=request.user.pk, withdrawn_at__isnull=True
    ).first()
    if assignment is None or not can(request.user, rules.REVIEW, application):
        raise PermissionDenied(
            "Cette évaluation ne vous est pas confiée, ou un conflit d'intérêts l'interdit."
        )
    criteria = list(application.call.criteria.all())
    status = 200
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria)
        status = 400
        if form.is_valid():
            try:
                review_submit(
                    actor=request.user,
                    assignment=assignment,
                    expected_version=form.cleaned_data["version"],
                    scores=form.scores(),
                )
                messages.success(request, "Évaluation enregistrée.")
                return redirect("calls:dashboard", slug=application.call.slug)
            except StaleWriteError as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                report_errors(form, error)
    else:
        initial: dict[str, object] = {"version": assignment.version}
        for score in assignment.scores.all():
            initial[f"score_{score.criterion_id}"] = str(score.value)
            initial[f"comment_{score.criterion_id}"] = score.comment
        form = ReviewForm(initial=initial, criteria=criteria)
    context = application_context(request, application, review_form=form, conflict_form=ConflictForm())
    return render(request, "calls/review.html", context, status=status)


@login_required
@require_POST
def declare_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the reviewer's declared conflict: the assignment is withdrawn and the application closed."""
    application = _application(pk)
    if not application.assignments.filter(reviewer_id=request.user.pk).exists():
        raise PermissionDenied("Cette évaluation ne vous est pas confiée.")
    form = ConflictForm(request.POST)
    if form.is_valid():
        conflict_declare(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        messages.success(
            request, "Conflit d'intérêts enregistré : cette candidature ne vous est plus confiée."
        )
        return redirect("calls:dashboard", slug=application.call.slug)
    messages.error(request, "Dites en quelques mots la nature du conflit d'intérêts.")
    return redirect("calls:review", pk=pk)


@login_required
def dashboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the review's progress: every application for the call's runners, one's own for a reviewer."""
    call = _call(slug, request.user, rules.REVIEW_CALL)
    sort = request.GET.get("tri", "numero")
    if sort not in SORTS:
        sort = "numero"
    full = can(request.user, rules.DELIBERATE, call)
    board = dashboard(call, user=request.user, full=full, sort=sort)
    page = Paginator(board.applications, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    context = {"call": call, "board": board, "page": page, "sort": sort, "sorts": SORTS, "full": full}
    return render(request, "calls/dashboard.html", {**context, "rows": board.rows(page.object_list)})


@login_required
def deliberation(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a decision and its justification for each application, with the scores beside it."""
    call = _call(slug, request.user, rules.DELIBERATE)
    errors: dict[int, DecisionForm] = {}
    status = 200
    if request.method == "POST":
        status = 400
        try:
            application_id = parse_id(request.POST.get("application", ""), field="application")
        except ParameterError as error:
            messages.error(request, error.message)
            return redirect("calls:deliberation", slug=slug)
        application = call.applications.filter(pk=application_id).first()
        if application is None:
            raise Http404("Candidature introuvable dans cet appel.")
        form = DecisionForm(request.POST, prefix=f"a{application_id}")
        if form.is_valid():
            try:
                application_decide(
                    actor=request.user,
                    application=application,
                    expected_version=form.cleaned_data["version"],
                    decision=form.cleaned_data["decision"],
                    justification=form.cleaned_data["justification"],
                )
                messages.success(request, f"Décision enregistrée : candidature n° {application_id}.")
                return redirect(f"{call.get_absolute_url()}deliberation/#a{application_id}")
            except StaleWriteError as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                report_errors(form, error)
        errors[application_id] = form
    table = score_table(call)
    applications = Application.objects.filter(call=call, state=ApplicationState.SUBMITTED).select_related(
        "structure"
    )
    rows = []
    for application in applications.order_by("pk"):
        form = errors.get(application.pk) or DecisionForm(
            prefix=f"a{application.pk}",
            initial={
                "version": application.version,
                "decision": application.decision,
                "justification": application.justification,
            },
        )
        rows.append((application, table.get(application.pk), form))
    rows.sort(key=lambda row: (row[1] is None, -(row[1].mean or 0) if row[1] else 0, row[0].pk))
    return render(request, "calls/deliberation.html", {"call": call, "rows": rows}, status=status)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Close the deliberation: the notices leave by the background tasks."""
    call = _call(slug, request.user, rules.DELIBERATE)
    try:
        decisions_publish(actor=request.user, call=call, expected_version=call.version)
        messages.success(request, "Décisions rendues : les candidats en sont avertis par courriel.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("calls:deliberation", slug=slug)


@login_required
def export_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Stream every application with its per-criterion scores, mean, spread, decision and justification."""
    call = _call(slug, request.user, rules.DELIBERATE)
    response = StreamingHttpResponse(_lines(call), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="candidatures-{call.slug}.csv"'
    return response


def _lines(call: Call) -> Iterator[str]:
    yield from applications_csv(call)
