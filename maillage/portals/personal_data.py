"""What portals hold about a person: which portals they own (the widget counters hold nobody)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.portals.models import Portal


def portals_export(user: Any) -> list[dict[str, Any]]:
    """Return the portals the person owns."""
    return [
        {"portail": p.name, "adresse": p.get_absolute_url()}
        for p in Portal.objects.filter(owners=user).order_by("name", "pk")
    ]


@transaction.atomic
def portals_erase(user: Any) -> None:
    """Remove the person from the owners; a portal left without owner stays, for the staff to hand over."""
    for portal in Portal.objects.filter(owners=user):
        portal.owners.remove(user)
