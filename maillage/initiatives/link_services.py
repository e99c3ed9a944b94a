"""Writes of a fiche's partners and essaimage by its editors, each conditional on the fiche's version.

The links have no version of their own: each write moves the fiche's, so two people editing the same
fiche (its texts or its links) never overwrite each other unseen. A removed partner or essaimage leaves
the fiche whole (it is the fiche's content that changes); carriers are kept, they decide who edits.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.concurrency.versions import versioned_update
from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.models import Essaimage, Initiative, InitiativeStructure
from maillage.initiatives.rules import EDIT
from maillage.memberships.rules import can
from maillage.structures.models import Structure

NOT_EDITOR = "Seuls les responsables des structures porteuses et leurs modérateurs modifient la fiche."


def _write(actor: Any, initiative: Initiative, expected_version: int) -> None:
    """Check the editor, then move the fiche's version (StaleWriteError if it moved since the read)."""
    if not can(actor, EDIT, initiative):
        raise PermissionDenied(NOT_EDITOR)
    versioned_update(initiative, expected_version=expected_version, fields=())


def initiative_add_partner(
    *, actor: Any, initiative: Initiative, expected_version: int, structure: Structure, label: str = ""
) -> InitiativeStructure:
    """Name a directory structure as partner of the fiche, with its role in words."""
    with transaction.atomic():
        _write(actor, initiative, expected_version)
        existing = InitiativeStructure.objects.filter(initiative=initiative, structure=structure).first()
        if existing is not None and existing.role == CarrierRole.CARRIER:
            raise ValidationError({"structure": f"« {structure.name} » porte déjà l'initiative."})
        link, _ = InitiativeStructure.objects.update_or_create(
            initiative=initiative,
            structure=structure,
            defaults={"role": CarrierRole.PARTNER, "role_label": label.strip()[:200]},
        )
    return link


def initiative_remove_partner(
    *, actor: Any, initiative: Initiative, expected_version: int, link_id: int
) -> None:
    """Take a partner off the fiche (a carrier is never removed here)."""
    with transaction.atomic():
        _write(actor, initiative, expected_version)
        removed, _ = InitiativeStructure.objects.filter(
            pk=link_id, initiative=initiative, role=CarrierRole.PARTNER
        ).delete()
        if not removed:
            raise ValidationError("Ce partenaire n'est plus sur la fiche.")


def initiative_add_essaimage(
    *,
    actor: Any,
    initiative: Initiative,
    expected_version: int,
    adopter_initiative: Initiative | None = None,
    adopter_structure: Structure | None = None,
    started_on: datetime.date | None = None,
    note: str = "",
) -> Essaimage:
    """Record that another initiative or a structure replicated or adapted this one, and when."""
    if (adopter_initiative is None) == (adopter_structure is None):
        raise ValidationError("Indiquez soit une initiative, soit une structure qui a repris l'initiative.")
    if adopter_initiative is not None and adopter_initiative.pk == initiative.pk:
        raise ValidationError({"adopter_initiative": "Une initiative ne s'essaime pas en elle-même."})
    with transaction.atomic():
        _write(actor, initiative, expected_version)
        essaimage = Essaimage(
            initiative=initiative,
            adopter_initiative=adopter_initiative,
            adopter_structure=adopter_structure,
            started_on=started_on,
            note=note.strip()[:300],
        )
        essaimage.full_clean()
        essaimage.save()
    return essaimage


def initiative_remove_essaimage(
    *, actor: Any, initiative: Initiative, expected_version: int, essaimage_id: int
) -> None:
    """Take an essaimage link off the fiche."""
    with transaction.atomic():
        _write(actor, initiative, expected_version)
        removed, _ = Essaimage.objects.filter(pk=essaimage_id, initiative=initiative).delete()
        if not removed:
            raise ValidationError("Cet essaimage n'est plus sur la fiche.")
