"""Factories of shared places and their spaces (each space with its hourly resource)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from maillage.bookings.enums import Unit
from maillage.places.enums import SpaceAudience, SpaceKind
from maillage.places.models import Place, Space
from tests.bookings.factories import ResourceFactory
from tests.structures.factories import StructureFactory


class PlaceFactory(DjangoModelFactory[Place]):
    class Meta:
        model = Place

    owner = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Fabrique partagée {n}")
    slug = factory.Sequence(lambda n: f"fabrique-partagee-{n}")
    opens_at = datetime.time(9)
    closes_at = datetime.time(22)


class SpaceFactory(DjangoModelFactory[Space]):
    class Meta:
        model = Space

    place = factory.SubFactory(PlaceFactory)
    resource = factory.SubFactory(
        ResourceFactory,
        owner=factory.SelfAttribute("..place.owner"),
        name=factory.Sequence(lambda n: f"Salle de répétition {n}"),
        unit=Unit.HOUR,
    )
    kind = SpaceKind.STUDIO
    capacity = 12
    audience = SpaceAudience.PUBLIC
