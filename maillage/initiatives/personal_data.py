"""What the charter holds about a person: the signatures they made for their PTCE."""

from __future__ import annotations

from typing import Any

from maillage.initiatives.models import CharterSignature


def export_signatures(user: Any) -> list[dict[str, Any]]:
    """Return the charter versions the user signed, for which structure and when."""
    signatures = CharterSignature.objects.filter(signed_by=user).select_related(
        "structure", "charter_version__charter"
    )
    return [
        {
            "charter": s.charter_version.charter.title,
            "version": s.charter_version.number,
            "structure": s.structure.name,
            "signed_at": s.signed_at.isoformat(),
            "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None,
        }
        for s in signatures
    ]


def erase_signatures(user: Any) -> None:
    """Keep the PTCE's signature (it is the structure's act) and forget who made it."""
    CharterSignature.objects.filter(signed_by=user).update(signed_by=None)
