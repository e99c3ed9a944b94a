"""The structure page's "Accompagnement en cours" panel, for its managers and accompanying officers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from maillage.accompaniment.enums import Phase, StaffRole
from maillage.accompaniment.models import Case
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure


def structure_panel(user: Any, structure: Structure) -> dict[str, Any] | None:
    """Return the open cases of the structure this reader may follow, with their next step, or None."""
    if user is None or not user.is_authenticated:
        return None
    manages = Q(beneficiaries__memberships__user=user, beneficiaries__memberships__role=MemberRole.MANAGER)
    accompanies = Q(body__staff__user=user, body__staff__role=StaffRole.OFFICER)
    cases = list(
        Case.objects.filter(beneficiaries=structure)
        .exclude(phase=Phase.CLOSED)
        .filter(
            Q(pk__in=Case.objects.filter(manages).values("pk"))
            | Q(pk__in=Case.objects.filter(accompanies).values("pk"))
        )
        .select_related("body__structure")
        .order_by("opened_on", "pk")[:10]
    )
    if not cases:
        return None
    return {"template": "accompaniment/_structure_panel.html", "cases": cases}
