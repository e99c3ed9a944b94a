"""Factories of bookable resources and bookings."""

import datetime

import factory
from factory.django import DjangoModelFactory

from maillage.bookings.enums import BookingState, Unit
from maillage.bookings.models import Booking, Resource
from tests.structures.factories import StructureFactory


class ResourceFactory(DjangoModelFactory[Resource]):
    class Meta:
        model = Resource

    owner = factory.SubFactory(StructureFactory)
    name = factory.Sequence(lambda n: f"Console de mixage {n}")
    unit = Unit.DAY


class BookingFactory(DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    requester = factory.SubFactory(StructureFactory)
    start = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(days=2))
    blocked_until = factory.LazyAttribute(lambda o: o.end + o.resource.buffer)
    state = BookingState.REQUESTED
