"""Withdraw a record from publication, publish it again, or erase it: only staff erase, and it is logged.

A withdrawn record keeps everything attached (members, figures, survey answers, history); it is hidden
from the public (`StructureQuerySet.published`) and shown to its managers and coordinators with the
reason. Erasure is the only path that deletes a structure, and it leaves a line in the history.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.structures import recorders
from maillage.structures.enums import WithdrawalReason
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from maillage.structures.snapshots import structure_snapshot


def structure_withdraw(
    *,
    structure: Structure,
    reason: str = WithdrawalReason.STAFF,
    actor: Any = None,
    via: str = "",
    comment: str = "",
) -> Structure:
    """Unpublish a structure, keeping it whole; the history says why."""
    if structure.withdrawn_at is not None:
        return structure
    return structure_update(
        structure=structure,
        withdrawn_at=timezone.now(),
        withdrawn_reason=WithdrawalReason(reason),
        actor=actor,
        via=via,
        comment=comment,
    )


def structure_republish(
    *, structure: Structure, actor: Any = None, via: str = "", comment: str = ""
) -> Structure:
    """Publish a withdrawn structure again."""
    if structure.withdrawn_at is None:
        return structure
    return structure_update(
        structure=structure, withdrawn_at=None, withdrawn_reason="", actor=actor, via=via, comment=comment
    )


@transaction.atomic
def structure_erase(*, structure: Structure, actor: Any, comment: str) -> None:
    """Delete a structure and all it holds: an explicit decision of the staff, recorded in the history."""
    if actor is None or not getattr(actor, "is_staff", False):
        raise PermissionDenied(
            "Seule l'administration peut effacer une fiche ; une source la retire seulement."
        )
    if not comment.strip():
        raise ValidationError("Indiquez le motif de l'effacement : il reste dans l'historique.")
    recorders.revision_record_structure_erased(
        structure=structure, before=structure_snapshot(structure), actor=actor, via="admin", comment=comment
    )
    structure.delete()
