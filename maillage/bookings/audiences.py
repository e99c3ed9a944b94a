"""What the pooling rules of who may borrow or book read from the directory: networks and départements."""

from __future__ import annotations

from maillage.structures.models import Relation, Structure


def network_ids(structure_ids: set[int]) -> set[int]:
    """Return the networks the structures are current members of (a declaration not accepted grants none)."""
    rows = Relation.objects.current().member_of().filter(source_id__in=structure_ids, target__isnull=False)
    return set(rows.values_list("target_id", flat=True))


def share_a_network(one: Structure, other: Structure) -> bool:
    """Say whether two structures are in one network: fellow members, or one the network of the other."""
    networks = network_ids({one.pk})
    others = network_ids({other.pk})
    return bool(networks & others) or one.pk in others or other.pk in networks


def departement_id(structure: Structure) -> str | None:
    """Return the id of the département of the structure's commune, None when its commune is unknown."""
    row = Structure.objects.filter(pk=structure.pk).values_list("commune__departement_id", flat=True).first()
    return row or None
