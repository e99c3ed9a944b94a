"""Public pages of the calls: the list, a call with whether each of one's structures may apply, the report."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.calls import rules
from maillage.calls.eligibility import judge
from maillage.calls.exports import public_report
from maillage.calls.selectors import call_for_page, managed_structures, published_calls
from maillage.memberships.rules import can


def call_list(request: HttpRequest) -> HttpResponse:
    """List the published calls, open ones first."""
    may_open = request.user.is_authenticated and (
        request.user.is_staff or managed_structures(request.user).exists()
    )
    return render(request, "calls/list.html", {"calls": list(published_calls()), "may_open": may_open})


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a call: who organises it, for whom, when, how it is judged; and, for each structure the person
    manages, whether it may apply and why (criterion by criterion)."""
    call = call_for_page(slug)
    if call is None or not can(request.user, rules.VIEW, call):
        raise Http404("Appel introuvable.")
    mine = list(managed_structures(request.user).select_related("commune"))
    applied = dict(
        call.applications.exclude(state="withdrawn")
        .filter(structure__in=mine)
        .values_list("structure_id", "pk")
    )
    eligibility = [(structure, judge(call, structure), applied.get(structure.pk)) for structure in mine]
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "eligibility": eligibility,
            "manages": can(request.user, rules.MANAGE, call),
            "runs": can(request.user, rules.REVIEW_CALL, call),
            "deliberates": can(request.user, rules.DELIBERATE, call),
        },
    )


def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the public, anonymised report of a call once its decisions are out."""
    call = call_for_page(slug)
    if call is None or not can(request.user, rules.VIEW, call) or call.decisions_published_at is None:
        raise Http404("Compte rendu introuvable : les décisions ne sont pas encore rendues.")
    return render(request, "calls/report.html", {"report": public_report(call)})
