"""What the structures API tests share: the reference dataset's network and its members, the paths."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command

from maillage.territories.models import Territory

URL = "/api/v1/structures"
C_ET_C = "culture-et-cooperation"
C_ET_C_MEMBERS = {
    "le-fil",
    "yes-high-tech",
    "le-france",
    "le-remue-meninges",
    "les-noctambules",
    "cd1d",
    "la-fabrique",
    "la-baroufada",
}


def load_reference_data() -> None:
    """Load the 31 structures of the reference dataset (the referential must be there)."""
    call_command("load_reference_data", stdout=io.StringIO())


def ids(response: Any) -> list[str]:
    """Return the ids of a list answer's items, in order."""
    return [item["id"] for item in response.json()["items"]]


def saint_etienne() -> Territory:
    """Return Saint-Étienne, a commune of the Loire."""
    return Territory.objects.get(id="COM-42218")
