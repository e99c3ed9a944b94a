"""Writes of the initiative fiches: keyword-only, one transaction, conditional on the version read."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.concurrency.versions import check_version, versioned_update
from maillage.initiatives.enums import TAG_FAMILY, CarrierRole, InitiativeState
from maillage.initiatives.models import Initiative, InitiativeFigure, InitiativeStructure
from maillage.initiatives.rules import CONFIRM, PUBLISH, SUBMIT
from maillage.memberships.rules import can
from maillage.structures.models import Structure

LINKS = ("disciplines",)


def _unique_slug(text: str) -> str:
    base = (slugify(text)[:100] or "initiative").strip("-")
    slug, n = base, 1
    while Initiative.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_tags(tags: Sequence[str], family: str) -> None:
    unknown = sorted(set(tags) - set(TAG_FAMILY))
    if unknown:
        raise ValidationError({"tags": f"Étiquette inconnue : {', '.join(unknown)}."})
    if family and any(TAG_FAMILY[t] != family for t in tags):
        raise ValidationError({"tags": "Chaque étiquette doit appartenir à la famille d'innovation choisie."})


def publication_gaps(initiative: Initiative) -> list[str]:
    """Return what the fiche lacks to be published, in French; an empty list lets it through."""
    gaps = []
    if not initiative.summary.strip():
        gaps.append("Le résumé manque.")
    if initiative.territory_id is None:
        gaps.append("Le territoire manque.")
    if not initiative.links.filter(role=CarrierRole.CARRIER).exists():
        gaps.append("Au moins une structure porteuse est nécessaire.")
    unsourced = [str(f) for f in initiative.figures.all() if not f.source_label.strip()]
    if unsourced:
        gaps.append(f"Chiffre sans source : {', '.join(unsourced)}.")
    return gaps


def initiative_create(*, actor: Any, title: str, **fields: Any) -> Initiative:
    """Create a draft fiche (structures and figures are added by their own services)."""
    links = {name: fields.pop(name, None) for name in LINKS}
    _check_tags(fields.get("tags", []), fields.get("family", ""))
    with transaction.atomic():
        initiative = Initiative(title=title, slug=fields.pop("slug", None) or _unique_slug(title), **fields)
        initiative.full_clean(exclude=["search_document"])
        initiative.save()
        for name, values in links.items():
            if values is not None:
                getattr(initiative, name).set(values)
    return initiative


def initiative_update(
    *, actor: Any, initiative: Initiative, expected_version: int, **changes: Any
) -> Initiative:
    """Write the changed fields unless someone changed the fiche since `expected_version`."""
    links = {name: changes.pop(name, None) for name in LINKS}
    _check_tags(changes.get("tags", initiative.tags), changes.get("family", initiative.family))
    with transaction.atomic():
        for name, value in changes.items():
            setattr(initiative, name, value)
        initiative.full_clean(exclude=["search_document"])
        initiative.search_document = initiative.index_document()
        versioned_update(initiative, expected_version=expected_version, fields={*changes, "search_document"})
        for name, values in links.items():
            if values is not None:
                getattr(initiative, name).set(values)
    return initiative


def initiative_link_structure(
    *,
    actor: Any,
    initiative: Initiative,
    structure: Structure,
    role: str = CarrierRole.CARRIER,
    label: str = "",
) -> InitiativeStructure:
    """Name a structure as carrier or partner of the fiche (its role replaced if already named)."""
    if role not in CarrierRole.values:
        raise ValidationError({"role": f"Rôle inconnu : « {role[:40]} »."})
    with transaction.atomic():
        link, _ = InitiativeStructure.objects.update_or_create(
            initiative=initiative, structure=structure, defaults={"role": role, "role_label": label[:200]}
        )
    return link


def initiative_add_figure(
    *, actor: Any, initiative: Initiative, metric: str, year: int, value: Decimal, **fields: Any
) -> InitiativeFigure:
    """Add a key figure with its source (a figure without one holds the fiche back from publication)."""
    with transaction.atomic():
        figure = InitiativeFigure(initiative=initiative, metric=metric, year=year, value=value, **fields)
        figure.full_clean()
        figure.save()
    return figure


def _transition(
    initiative: Initiative, *, expected_version: int, allowed: set[str], **changes: Any
) -> Initiative:
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    check_version(locked, expected_version)
    if locked.state not in allowed:
        raise ValidationError({"state": f"Impossible depuis l'état « {locked.get_state_display()} »."})
    for name, value in changes.items():
        setattr(initiative, name, value)
    versioned_update(initiative, expected_version=expected_version, fields=changes)
    return initiative


def initiative_submit(*, actor: Any, initiative: Initiative, expected_version: int) -> Initiative:
    """Send a draft to the moderators."""
    if not can(actor, SUBMIT, initiative):
        raise PermissionDenied("Seuls les responsables des structures porteuses soumettent la fiche.")
    with transaction.atomic():
        return _transition(
            initiative,
            expected_version=expected_version,
            allowed={InitiativeState.DRAFT},
            state=InitiativeState.SUBMITTED,
            submitted_at=timezone.now(),
        )


def initiative_publish(*, actor: Any, initiative: Initiative, expected_version: int) -> Initiative:
    """Publish a submitted fiche if it passes the gate; raise ValidationError naming every gap."""
    if actor is not None and not can(actor, PUBLISH, initiative):
        raise PermissionDenied("Seuls les modérateurs publient une fiche.")
    with transaction.atomic():
        gaps = publication_gaps(initiative)
        if gaps:
            raise ValidationError({"state": gaps})
        now = timezone.now()
        return _transition(
            initiative,
            expected_version=expected_version,
            allowed={InitiativeState.SUBMITTED},
            state=InitiativeState.PUBLISHED,
            published_at=now,
            confirmed_at=now,
        )


def initiative_confirm(*, actor: Any, initiative: Initiative, expected_version: int) -> Initiative:
    """Record a carrier manager's yearly confirmation that the published fiche still holds."""
    if not can(actor, CONFIRM, initiative):
        raise PermissionDenied("Seuls les responsables des structures porteuses confirment la fiche.")
    with transaction.atomic():
        return _transition(
            initiative,
            expected_version=expected_version,
            allowed={InitiativeState.PUBLISHED},
            confirmed_at=timezone.now(),
        )


def initiative_withdraw(
    *, actor: Any, initiative: Initiative, expected_version: int, reason: str
) -> Initiative:
    """Take the fiche out of every public list, keeping it whole."""
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Indiquez le motif du retrait."})
    with transaction.atomic():
        return _transition(
            initiative,
            expected_version=expected_version,
            allowed=set(InitiativeState.values),
            withdrawn_at=timezone.now(),
            withdrawn_reason=reason.strip()[:300],
        )
