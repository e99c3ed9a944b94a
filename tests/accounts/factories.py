"""Factories of accounts and roles: people are invented here, never taken from the seeds."""

import datetime

import factory
from factory.django import DjangoModelFactory

from maillage.accounts.models import User
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator
from tests.structures.factories import StructureFactory

# Long enough and uncommon enough for the password validators.
PASSWORD = "maillage-mot-de-passe-solide-42"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    email_confirmed_at = factory.Faker("date_time_this_year", tzinfo=datetime.UTC)
    password = factory.django.Password(PASSWORD)


class StructureMembershipFactory(DjangoModelFactory[StructureMembership]):
    class Meta:
        model = StructureMembership

    user = factory.SubFactory(UserFactory)
    structure = factory.SubFactory(StructureFactory)
    role = MemberRole.MEMBER


class NetworkCoordinatorFactory(DjangoModelFactory[NetworkCoordinator]):
    class Meta:
        model = NetworkCoordinator

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(StructureFactory, kind="network")


class TerritoryCoordinatorFactory(DjangoModelFactory[TerritoryCoordinator]):
    class Meta:
        model = TerritoryCoordinator

    user = factory.SubFactory(UserFactory)
