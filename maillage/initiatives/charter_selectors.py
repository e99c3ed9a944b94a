"""Reads of the PTCE charter: its versions, their public signatories, a PTCE's charter status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from maillage.initiatives.models import Charter, CharterSignature, CharterVersion

PTCE_CHARTER = "charte-des-ptce"


@dataclass(frozen=True)
class CharterStatus:
    code: str  # "signed", "resign", "none"
    label: str
    version: int | None = None


NOT_SIGNED = CharterStatus("none", "Charte non signée")


def charter_with_versions(slug: str = PTCE_CHARTER) -> Charter | None:
    """Return the charter with its versions, newest first, each with its current signatures."""
    current = CharterSignature.objects.filter(withdrawn_at__isnull=True).select_related("structure")
    versions = CharterVersion.objects.order_by("-number").prefetch_related(
        Prefetch("signatures", queryset=current, to_attr="current_signatures")
    )
    return Charter.objects.filter(slug=slug).prefetch_related(Prefetch("versions", queryset=versions)).first()


def charter_statuses(structure_ids: Iterable[int], slug: str = PTCE_CHARTER) -> dict[int, CharterStatus]:
    """Return each structure's status: signed the latest version, to sign again, or not signed; one query."""
    ids = list(structure_ids)
    latest = (
        CharterVersion.objects.filter(charter__slug=slug).order_by("-number").values_list("number", flat=True)
    )
    rows = (
        CharterSignature.objects.filter(
            structure_id__in=ids, withdrawn_at__isnull=True, charter_version__charter__slug=slug
        )
        .values_list("structure_id", "charter_version__number")
        .order_by("structure_id", "-charter_version__number")
    )
    top = latest.first() if ids else None
    statuses: dict[int, CharterStatus] = {}
    for structure_id, number in rows:
        if structure_id in statuses:
            continue
        if number == top:
            statuses[structure_id] = CharterStatus("signed", f"Charte signée (version {number})", number)
        else:
            statuses[structure_id] = CharterStatus(
                "resign", f"Version {number} signée : nouvelle version à signer", number
            )
    return {i: statuses.get(i, NOT_SIGNED) for i in ids}
