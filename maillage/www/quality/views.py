"""The mean quality of the records each coordinator looks after: per network and per territory."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.memberships.models import NetworkCoordinator, TerritoryCoordinator
from maillage.quality.selectors import network_average, territory_average


@login_required
def coordination_quality(request: HttpRequest) -> HttpResponse:
    """Render the mean score of the coordinator's networks' members and territories' structures."""
    user = int(request.user.pk or 0)  # logged in (login_required)
    networks = [
        role.network
        for role in NetworkCoordinator.objects.filter(user_id=user)
        .select_related("network")
        .order_by("network__name")
    ]
    territories = [
        role.territory
        for role in TerritoryCoordinator.objects.filter(user_id=user)
        .select_related("territory")
        .order_by("territory__name")
    ]
    context = {
        "networks": [network_average(n) for n in networks],
        "territories": [territory_average(t) for t in territories],
    }
    status = 200 if networks or territories else 403
    return render(request, "www/quality/coordination.html", context, status=status)
