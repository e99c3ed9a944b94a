"""Factories of the directory, with French fake data."""

import random

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from maillage.search.fulltext import document
from maillage.search.normalize import search_key
from maillage.structures.enums import DataSource, EssFamily, LabelKind, Metric, RelationKind, StructureKind
from maillage.structures.models import Discipline, KeyFigure, Label, Relation, Structure
from maillage.structures.validators import LA_POSTE_SIREN


def luhn_complete(digits: str) -> str:
    """Append the digit that makes `digits` Luhn-valid."""
    for last in "0123456789":
        candidate = digits + last
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable: one digit always completes a Luhn key")


def fake_siret() -> str:
    """Return a random SIRET with valid SIREN and SIRET keys (never La Poste's)."""
    while True:
        siren = luhn_complete(f"{random.randrange(10**8):08d}")  # noqa: S311 (test data, not secrets)
        if siren != LA_POSTE_SIREN:
            return luhn_complete(f"{siren}{random.randrange(10**4):04d}")  # noqa: S311


class DisciplineFactory(DjangoModelFactory[Discipline]):
    class Meta:
        model = Discipline
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Discipline {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class LabelFactory(DjangoModelFactory[Label]):
    class Meta:
        model = Label

    name = factory.Sequence(lambda n: f"Label {n}")
    kind = LabelKind.LABEL


class StructureFactory(DjangoModelFactory[Structure]):
    """A structure written straight to the database (services are tested on their own)."""

    class Meta:
        model = Structure

    name = factory.Faker("company", locale="fr_FR")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{slugify(o.name)[:200]}-{n}")
    kind = StructureKind.CULTURAL
    description = factory.Faker("sentence", locale="fr_FR")
    street = factory.Faker("street_address", locale="fr_FR")
    postal_code = factory.Faker("postcode", locale="fr_FR")
    website = factory.Faker("url", locale="fr_FR")
    email = factory.LazyAttribute(lambda o: f"contact@{slugify(o.name) or 'structure'}.fr")
    source = DataSource.ADMIN
    search_text = factory.LazyAttribute(lambda o: search_key(f"{o.name} {o.description}"))
    search_name = factory.LazyAttribute(lambda o: search_key(o.name))
    search_document = factory.LazyAttribute(lambda o: document((o.name, 3), (o.description, 1)))

    class Params:
        association = factory.Trait(
            legal_category_code="9220",
            legal_category_label="Association déclarée",
            ess_family=EssFamily.ASSOCIATION,
            is_ess=True,
        )
        scop = factory.Trait(
            legal_category_code="5458",
            legal_category_label="SARL coopérative ouvrière de production (SCOP)",
            ess_family=EssFamily.COOPERATIVE_SCOP,
            is_ess=True,
        )
        with_siret = factory.Trait(
            siret=factory.LazyFunction(fake_siret), siren=factory.LazyAttribute(lambda o: o.siret[:9])
        )
        network = factory.Trait(kind=StructureKind.NETWORK)
        closed = factory.Trait(is_active=False, closed_on=factory.Faker("past_date", start_date="-10y"))


class KeyFigureFactory(DjangoModelFactory[KeyFigure]):
    class Meta:
        model = KeyFigure

    structure = factory.SubFactory(StructureFactory)
    # Year and metric cycle with co-prime periods: 200 figures of one structure before a repeat.
    year = factory.Sequence(lambda n: 2000 + n % 25)
    metric = factory.Iterator(Metric.values)
    value = factory.Faker("pydecimal", left_digits=3, right_digits=0, positive=True)
    source_label = "Rapport d'activité"


class RelationFactory(DjangoModelFactory[Relation]):
    class Meta:
        model = Relation

    source = factory.SubFactory(StructureFactory)
    kind = RelationKind.PARTNER
    target = factory.SubFactory(StructureFactory)

    class Params:
        signatory = factory.Trait(
            kind=RelationKind.SIGNATORY_OF,
            target=None,
            joint_act=factory.Faker("catch_phrase", locale="fr_FR"),
        )
