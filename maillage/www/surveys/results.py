"""A campaign's published results, as a page and as CSV; free texts for its coordinators only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.surveys.exports import results_csv
from maillage.surveys.selectors import results_of
from maillage.www.surveys.views import campaign_or_404


@require_GET
def campaign_results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    coordinator = can(request.user, Action.RUN_CAMPAIGN, campaign.scope)
    [results] = results_of([campaign], free_text_for=frozenset({campaign.pk}) if coordinator else frozenset())
    return render(
        request,
        "www/surveys/results.html",
        {"campaign": campaign, "results": results, "coordinator": coordinator},
    )


@require_GET
def campaign_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    [results] = results_of([campaign])
    if results.withheld:
        reason = (
            f"publiés à la clôture de l'enquête, le {campaign.closes_on:%d/%m/%Y} au soir"
            if results.pending
            else f"moins de {results.min_answers} réponses"
        )
        return HttpResponse(
            f"Résultats non publiés : {reason}.",
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(results_csv(results), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maillage-enquete-{campaign.pk}-resultats.csv"'
    return response
