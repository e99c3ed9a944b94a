"""Portals and networks with members, written through the services or straight to the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from maillage.accounts.models import User
from maillage.portals.enums import Section
from maillage.portals.models import Portal
from maillage.structures.enums import RelationKind, StructureKind
from maillage.structures.models import Structure
from tests.accounts.factories import UserFactory
from tests.structures.factories import RelationFactory, StructureFactory


def network_with_members(count: int, **network: Any) -> tuple[Structure, list[Structure]]:
    """Return a network and `count` structures that are its current members."""
    hub = StructureFactory.create(kind=StructureKind.NETWORK, **network)
    members = StructureFactory.create_batch(count)
    for member in members:
        RelationFactory.create(source=member, target=hub, kind=RelationKind.MEMBER_OF)
    return hub, members


def make_portal(
    *,
    owner: User | None = None,
    excluded: Sequence[Structure] = (),
    highlighted: Sequence[Structure] = (),
    **fields: Any,
) -> Portal:
    """Write a portal showing every section, owned by `owner` (a new person by default)."""
    fields.setdefault("name", "Portail du réseau")
    fields.setdefault("slug", f"portail-{Portal.objects.count() + 1}")
    fields.setdefault("sections", list(Section.values))
    portal = Portal.objects.create(**fields)
    portal.owners.add(owner or UserFactory.create())
    portal.excluded.set(excluded)
    portal.highlighted.set(highlighted)
    return portal
