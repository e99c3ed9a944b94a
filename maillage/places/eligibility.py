"""Which structures may book a space: its place's residents, their networks, or anyone in the directory.

Residents are read from the directory, not kept here: a structure with a current « partage des locaux
avec » relation to the place's managing structure (either way round). Networks are those a resident, or the
managing structure, is a current member of; a fellow member of one of them, or the network itself, may book
a space open to networks.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from maillage.bookings.audiences import network_ids
from maillage.places.enums import SpaceAudience
from maillage.places.models import Place, Space
from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation, Structure


def resident_ids(place: Place) -> set[int]:
    """Return the ids of the place's residents, its managing structure included."""
    sharing = Relation.objects.current().filter(kind=RelationKind.POOLING_PREMISES)
    pairs = sharing.filter(Q(source_id=place.owner_id) | Q(target_id=place.owner_id)).values_list(
        "source_id", "target_id"
    )
    return {place.owner_id, *(pk for pair in pairs for pk in pair if pk is not None)}


def residents(place: Place) -> QuerySet[Structure]:
    """Return the resident structures (managing structure left out), by name."""
    return Structure.objects.filter(pk__in=resident_ids(place) - {place.owner_id}).order_by("name")


def may_book(space: Space, requester: Structure) -> bool:
    """Say whether the requesting structure may book the space under its rule."""
    if space.audience == SpaceAudience.PUBLIC:
        return True
    inside = resident_ids(space.place)
    if requester.pk in inside:
        return True
    if space.audience == SpaceAudience.RESIDENTS:
        return False
    networks = network_ids(inside)
    return requester.pk in networks or bool(networks & network_ids({requester.pk}))


def refusal(space: Space) -> str:
    """Say in French why a structure may not book the space."""
    if space.audience == SpaceAudience.RESIDENTS:
        return f"« {space} » est réservé aux structures résidentes de « {space.place} »."
    return (
        f"« {space} » est réservé aux structures résidentes de « {space.place} » "
        "et aux membres de leurs réseaux."
    )
