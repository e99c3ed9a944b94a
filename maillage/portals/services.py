"""Writes of portals and widget visits: keyword-only, one transaction each, the actor named."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from maillage.concurrency.versions import check_version, versioned_update
from maillage.memberships.rules import can
from maillage.portals.enums import Section, Widget
from maillage.portals.hosts import clear_host_cache
from maillage.portals.models import Portal, WidgetVisit
from maillage.portals.rules import EDIT, WITHDRAW, may_open_portal
from maillage.structures.models import Discipline, Structure

# What a portal's provenance says: its owners configured it on maillage.
SOURCE_LABEL = "Configuré par les responsables du portail"
HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$"
)
# Fields the owners edit; the many-to-many ones are given apart.
FIELDS = ("name", "colour", "introduction", "network", "territory", "sections", "custom_host", "logo")


def normalise_host(raw: str | None) -> str | None:
    """Return a host name lower-case, without port or trailing dot; None when empty; refuse a bad one."""
    host = (raw or "").strip().lower().rstrip(".")
    if not host:
        return None
    if not HOST.match(host):
        raise ValidationError(
            {"custom_host": "Nom d'hôte invalide : un nom comme annuaire.reseau.fr, sans « https:// »."}
        )
    return host


def _clean_sections(sections: Iterable[str]) -> list[str]:
    wanted = set(sections)
    if unknown := wanted - set(Section.values):
        raise ValidationError({"sections": f"Rubrique inconnue : « {sorted(unknown)[0][:30]} »."})
    return [s for s in Section.values if s in wanted]


def _set_relations(
    portal: Portal,
    *,
    disciplines: Iterable[Discipline] | None,
    highlighted: Iterable[Structure] | None,
    excluded: Iterable[Structure] | None,
) -> None:
    if disciplines is not None:
        portal.disciplines.set(list(disciplines))
    if highlighted is not None:
        portal.highlighted.set(list(highlighted))
    if excluded is not None:
        portal.excluded.set(list(excluded))


@transaction.atomic
def portal_create(
    *,
    actor: Any,
    name: str,
    slug: str,
    disciplines: Iterable[Discipline] = (),
    highlighted: Iterable[Structure] = (),
    excluded: Iterable[Structure] = (),
    **fields: Any,
) -> Portal:
    """Open a portal whose first owner is the actor (a coordinator or a PTCE's manager)."""
    if not may_open_portal(actor):
        raise PermissionDenied(
            "Seuls les coordinateurs de réseau ou de territoire et les PTCE ouvrent un portail."
        )
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown portal fields: {sorted(unknown)}")
    fields["sections"] = _clean_sections(fields.get("sections", Section.values))
    fields["custom_host"] = normalise_host(fields.get("custom_host"))
    portal = Portal(
        name=name, slug=slug, source_label=SOURCE_LABEL, source_date=timezone.localdate(), **fields
    )
    portal.full_clean()
    portal.save()
    portal.owners.add(actor)
    if portal.custom_host:
        transaction.on_commit(clear_host_cache)
    _set_relations(portal, disciplines=disciplines, highlighted=highlighted, excluded=excluded)
    return portal


@transaction.atomic
def portal_update(
    *,
    actor: Any,
    portal: Portal,
    expected_version: int,
    disciplines: Iterable[Discipline] | None = None,
    highlighted: Iterable[Structure] | None = None,
    excluded: Iterable[Structure] | None = None,
    **fields: Any,
) -> Portal:
    """Change a portal's settings if still at the version its owner read; raise StaleWriteError if not."""
    if not can(actor, EDIT, portal):
        raise PermissionDenied("Seuls les responsables du portail le modifient.")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown portal fields: {sorted(unknown)}")
    check_version(portal, expected_version)
    if "sections" in fields:
        fields["sections"] = _clean_sections(fields["sections"])
    if "custom_host" in fields:
        fields["custom_host"] = normalise_host(fields["custom_host"])
    for name, value in fields.items():
        setattr(portal, name, value)
    portal.source_label, portal.source_date = SOURCE_LABEL, timezone.localdate()
    portal.full_clean(exclude=["owners", "disciplines", "highlighted", "excluded"])
    versioned_update(
        portal, expected_version=expected_version, fields=[*fields, "source_label", "source_date"]
    )
    _set_relations(portal, disciplines=disciplines, highlighted=highlighted, excluded=excluded)
    if "custom_host" in fields:
        transaction.on_commit(clear_host_cache)
    return portal


@transaction.atomic
def portal_add_owner(*, actor: Any, portal: Portal, user: Any) -> None:
    """Make another person an owner of the portal (an owner decides it)."""
    if not can(actor, EDIT, portal):
        raise PermissionDenied("Seuls les responsables du portail en nomment d'autres.")
    portal.owners.add(user)


@transaction.atomic
def portal_withdraw(*, actor: Any, portal: Portal, expected_version: int) -> Portal:
    """Take a portal off line; its settings stay, for its owners to republish."""
    if not can(actor, WITHDRAW, portal):
        raise PermissionDenied("Seuls les responsables du portail le retirent.")
    portal.withdrawn_at = timezone.now()
    versioned_update(portal, expected_version=expected_version, fields=["withdrawn_at"])
    transaction.on_commit(clear_host_cache)
    return portal


def widget_visit_record(*, widget: Widget | str, portal: Portal | None = None) -> None:
    """Count one visit out of a widget today: one counter per widget and day, no trace of who."""
    day = timezone.localdate()
    counters = WidgetVisit.objects.filter(widget=str(widget), portal=portal, day=day)
    with transaction.atomic():
        if counters.update(count=F("count") + 1):
            return
        try:
            # A savepoint: when another request created the day's row first, only this insert is undone.
            with transaction.atomic():
                WidgetVisit.objects.create(widget=str(widget), portal=portal, day=day, count=1)
        except IntegrityError:
            counters.update(count=F("count") + 1)
