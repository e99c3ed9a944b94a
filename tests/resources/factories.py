"""Factories of the library, with French fake data (never the reference resources)."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from maillage.resources.enums import ResourceKind
from maillage.resources.models import Collection, CollectionItem, Resource


class ResourceFactory(DjangoModelFactory[Resource]):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    title = factory.Faker("catch_phrase", locale="fr_FR")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.title)[:80]}-{n}")
    kind = ResourceKind.GUIDE
    summary = factory.Faker("paragraph", locale="fr_FR")
    publisher_name = factory.Faker("company", locale="fr_FR")
    url = factory.Sequence(lambda n: f"https://ressources.example.org/{n}")

    @factory.post_generation
    def territories(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.territories.set(extracted)

    @factory.post_generation
    def creators(self, create: bool, extracted: list[object] | None, **kwargs: object) -> None:
        if create and extracted:
            self.creators.set(extracted)


class CollectionFactory(DjangoModelFactory[Collection]):
    class Meta:
        model = Collection

    title = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.title)}-{n}")
    note = factory.Faker("sentence", locale="fr_FR")


class CollectionItemFactory(DjangoModelFactory[CollectionItem]):
    class Meta:
        model = CollectionItem

    collection = factory.SubFactory(CollectionFactory)
    resource = factory.SubFactory(ResourceFactory)
    position = factory.Sequence(int)
