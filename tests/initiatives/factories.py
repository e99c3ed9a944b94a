"""Factories of fiches and charters, with French fake data (never the reference fiche)."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from maillage.initiatives.enums import CarrierRole, InitiativeState, InnovationFamily
from maillage.initiatives.models import (
    Charter,
    CharterVersion,
    Initiative,
    InitiativeFigure,
    InitiativeStructure,
)
from maillage.structures.enums import Metric
from tests.structures.factories import StructureFactory


class InitiativeFactory(DjangoModelFactory[Initiative]):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    title = factory.Faker("catch_phrase", locale="fr_FR")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.title)[:80]}-{n}")
    summary = factory.Faker("paragraph", locale="fr_FR")
    family = InnovationFamily.COOPERATION
    state = InitiativeState.DRAFT

    class Params:
        published = factory.Trait(
            state=InitiativeState.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            confirmed_at=factory.LazyFunction(timezone.now),
        )


class InitiativeStructureFactory(DjangoModelFactory[InitiativeStructure]):
    class Meta:
        model = InitiativeStructure

    initiative = factory.SubFactory(InitiativeFactory)
    structure = factory.SubFactory(StructureFactory)
    role = CarrierRole.CARRIER


class InitiativeFigureFactory(DjangoModelFactory[InitiativeFigure]):
    class Meta:
        model = InitiativeFigure

    initiative = factory.SubFactory(InitiativeFactory)
    year = 2024
    metric = Metric.EMPLOYEES
    value = 12
    source_label = "Rapport d'activité 2024"
    source_date = datetime.date(2025, 3, 1)


class CharterFactory(DjangoModelFactory[Charter]):
    class Meta:
        model = Charter
        django_get_or_create = ("slug",)

    title = "Charte des PTCE"
    slug = "charte-des-ptce"


class CharterVersionFactory(DjangoModelFactory[CharterVersion]):
    class Meta:
        model = CharterVersion

    charter = factory.SubFactory(CharterFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("paragraph", locale="fr_FR")
