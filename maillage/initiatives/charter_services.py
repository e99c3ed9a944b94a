"""Writes of the PTCE charter: new versions, and signatures by a PTCE's managers."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from maillage.accounts.emails import send_after_commit
from maillage.initiatives.models import Charter, CharterSignature, CharterVersion
from maillage.initiatives.rules import SIGN
from maillage.memberships.rules import can, managers_of
from maillage.structures.models import Structure


def charter_version_publish(
    *,
    actor: Any,
    charter: Charter,
    text: str = "",
    text_note: str = "",
    published_on: datetime.date | None = None,
    **source: Any,
) -> CharterVersion:
    """Publish the next version of the charter and ask the signatories of earlier versions to sign it."""
    with transaction.atomic():
        locked = Charter.objects.select_for_update().get(pk=charter.pk)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = CharterVersion(
            charter=locked, number=number, text=text, text_note=text_note, published_on=published_on, **source
        )
        version.full_clean()
        version.save()
        earlier = Structure.objects.filter(
            charter_signatures__charter_version__charter=locked,
            charter_signatures__withdrawn_at__isnull=True,
        ).distinct()
        for structure in earlier:
            send_after_commit(
                to=[u.email for u in managers_of(structure)],
                subject=f"{locked.title} : nouvelle version à signer",
                template="emails/initiatives_charter_resign.txt",
                context={
                    "charter": locked,
                    "version": version,
                    "structure": structure,
                    # A mail is read outside the site: the link must carry the site's address.
                    "url": f"{settings.SITE_URL.rstrip('/')}/ptce/{structure.slug}/",
                },
            )
    return version


def charter_sign(*, actor: Any, charter_version: CharterVersion, structure: Structure) -> CharterSignature:
    """Sign a version of the charter for a PTCE; signing twice keeps the first signature."""
    signature = CharterSignature(charter_version=charter_version, structure=structure)
    if not can(actor, SIGN, signature):
        raise PermissionDenied("Seuls les responsables d'un PTCE signent la charte en son nom.")
    signature.signed_by = actor
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        # Two managers signing at once: the database kept one signature, which stands for both.
        existing = CharterSignature.objects.filter(
            charter_version=charter_version, structure=structure, withdrawn_at__isnull=True
        ).first()
        if existing is None:
            raise ValidationError("La signature n'a pas pu être enregistrée.") from None
        return existing
    return signature
