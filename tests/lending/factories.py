"""Factories of lent items, and a small photo made on the spot."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from maillage.lending.enums import Audience, Category
from maillage.lending.models import Item
from tests.bookings.factories import ResourceFactory


class ItemFactory(DjangoModelFactory[Item]):
    class Meta:
        model = Item

    resource = factory.SubFactory(ResourceFactory)
    category = Category.SOUND
    description = factory.Faker("sentence", locale="fr_FR")
    deposit = Decimal("300.00")
    audience = Audience.ANYONE


def photo(color: str = "red", name: str = "etat.png") -> SimpleUploadedFile:
    """Return a small PNG as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
