"""« Mon espace »: the person's structures and roles, coordinations, and links to the account pages."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from maillage.memberships.enums import MemberRole
from maillage.territories.models import Territory
from tests.accounts.factories import (
    NetworkCoordinatorFactory,
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
    UserFactory,
)
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/compte/"


def test_visitors_are_sent_to_the_login_page(client: Client) -> None:
    """The page needs an account; the login page brings back to it."""
    assert client.get(DASHBOARD)["Location"] == f"/compte/connexion/?next={DASHBOARD}"


def test_a_member_sees_their_structures_and_roles(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """Each structure links to its page, with the person's role; no coordination section."""
    user = UserFactory.create(display_name="Alex Dupont")
    for name, role in (
        ("Le Fil", MemberRole.MANAGER),
        ("La Fabrique", MemberRole.MEMBER),
        ("Zébrures", "member"),
    ):
        StructureMembershipFactory.create(user=user, structure=StructureFactory.create(name=name), role=role)
    client.force_login(user)
    # 8 for the page, 2 for what waits (requests, invitations), 2 for the header's moderation count.
    with django_assert_max_num_queries(12):
        response = client.get(DASHBOARD)
    text = response.content.decode()
    assert "<h1>Mon espace</h1>" in text
    assert "<caption>Les structures pour lesquelles vous agissez, et votre rôle</caption>" in text
    names = [name for name in ("La Fabrique", "Le Fil", "Zébrures") if name in text]
    assert names == ["La Fabrique", "Le Fil", "Zébrures"]
    assert text.index("La Fabrique") < text.index("Le Fil") < text.index("Zébrures")
    assert "Gestionnaire" in text
    assert "Mes coordinations" not in text
    assert f'href="{reverse("accounts:password_change")}"' in text
    assert "Double authentification" not in text


def test_the_page_stays_bounded_in_queries_with_many_structures(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """Thirty structures cost no more queries than one."""
    user = UserFactory.create()
    StructureMembershipFactory.create_batch(30, user=user)
    client.force_login(user)
    # 8 for the page, 2 for what waits (requests, invitations), 2 for the header's moderation count.
    with django_assert_max_num_queries(12):
        assert client.get(DASHBOARD).status_code == 200


def test_a_coordinator_sees_networks_territories_and_the_second_factor(
    client: Client, loire_rhone: None
) -> None:
    """Coordinated networks and territories are listed; the second factor is offered."""
    user = UserFactory.create()
    network = StructureFactory.create(name="Fédération des arts de la rue", network=True)
    NetworkCoordinatorFactory.create(user=user, network=network)
    TerritoryCoordinatorFactory.create(user=user, territory=Territory.objects.get(pk="DEP-42"))
    client.force_login(user)
    text = client.get(DASHBOARD).content.decode()
    assert "Mes coordinations" in text
    assert f'href="{reverse("structures:detail", args=[network.slug])}"' in text
    assert f'href="{reverse("territories:detail", args=["DEP-42"])}"' in text
    assert "Loire" in text
    assert f'href="{reverse("accounts:otp_setup")}"' in text
    assert "désactivée" in text
