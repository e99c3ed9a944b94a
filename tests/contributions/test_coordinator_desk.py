""" "Mon espace" gives coordinators what waits for them and the tools of their perimeter."""

from django.urls import reverse

from maillage.contributions.submissions import claim_request_create
from maillage.structures.enums import RelationKind, RelationState
from tests.accounts.factories import NetworkCoordinatorFactory, UserFactory
from tests.contributions.conftest import SAINT_ETIENNE
from tests.structures.factories import RelationFactory, StructureFactory

SPACE = reverse("accounts:dashboard")


def test_a_territory_coordinator_sees_counts_and_tools(
    client, sirene_structure, outsider, loire_coordinator
) -> None:
    claim_request_create(author=outsider, structure=sirene_structure)
    client.force_login(loire_coordinator)
    page = client.get(SPACE).content.decode()
    assert f'<a href="{reverse("contributions:moderation")}">1\u00a0demande à examiner</a>' in page
    assert f'<a href="{reverse("upkeep:stale")}">1\u00a0fiche à confirmer</a>' in page
    assert f'href="{reverse("upkeep:duplicates")}">Doublons présumés</a>' in page
    assert f'href="{reverse("surveys:list")}"' in page
    assert f'href="{reverse("structure_exports:csv")}?territoire=DEP-42"' in page
    assert "Nommer des coordinateurs" not in page


def test_a_network_coordinator_sees_member_structures_and_their_export(client, db) -> None:
    role = NetworkCoordinatorFactory.create(network__name="Culture et Coopération")
    member = StructureFactory.create(commune=None)
    RelationFactory.create(
        source=member, kind=RelationKind.MEMBER_OF, target=role.network, state=RelationState.DECLARED
    )
    client.force_login(role.user)
    page = client.get(SPACE).content.decode()
    assert "structures membres" in page
    assert f'href="{reverse("structure_exports:csv")}?reseau={role.network.slug}"' in page
    assert "1\u00a0adhésion déclarée à confirmer" in page
    assert "0\u00a0demande à examiner" in page


def test_staff_are_pointed_to_naming_coordinators(client, db) -> None:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    page = client.get(SPACE).content.decode()
    assert f'href="{reverse("contributions:coordinations")}"' in page


def test_people_who_coordinate_nothing_see_no_desk(client, sirene_structure, outsider) -> None:
    client.force_login(outsider)
    page = client.get(SPACE).content.decode()
    assert "Mes coordinations" not in page
    assert "à confirmer" not in page


def test_the_desk_reads_in_bounded_queries(client, loire_coordinator, django_assert_max_num_queries) -> None:
    for _ in range(10):
        StructureFactory.create(commune_id=SAINT_ETIENNE)
    client.force_login(loire_coordinator)
    with django_assert_max_num_queries(25):
        assert client.get(SPACE).status_code == 200
