"""The score on the structure page, for the people who may edit it; the means for coordinators."""

from typing import Any

import pytest
from django.test import Client

from maillage.quality.services import score_refresh_model
from maillage.structures.enums import RelationKind, StructureKind
from maillage.territories.models import Territory
from tests.accounts.factories import (
    NetworkCoordinatorFactory,
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
    UserFactory,
)
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_the_record_s_editors_see_its_score_and_what_to_do(client: Client) -> None:
    structure = StructureFactory.create(description="")
    score_refresh_model(label="structures.structure")
    member = StructureMembershipFactory.create(structure=structure, user=UserFactory.create()).user
    client.force_login(member)

    html = client.get(f"/structures/{structure.slug}/").content.decode()

    assert "Qualité de la fiche" in html
    assert "Ajoutez une description" in html


def test_the_public_does_not_see_the_score(client: Client) -> None:
    structure = StructureFactory.create(description="")
    score_refresh_model(label="structures.structure")
    client.force_login(UserFactory.create())

    html = client.get(f"/structures/{structure.slug}/").content.decode()

    assert "Qualité de la fiche" not in html


@pytest.mark.usefixtures("loire_rhone")
def test_coordinators_see_the_mean_of_their_network_and_territory(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    network = StructureFactory.create(kind=StructureKind.NETWORK, name="Réseau des lieux")
    for _ in range(4):
        RelationFactory.create(target=network, kind=RelationKind.MEMBER_OF)
    StructureFactory.create_batch(3, commune=Territory.objects.get(id="COM-42218"))
    score_refresh_model(label="structures.structure")
    coordinator = NetworkCoordinatorFactory.create(network=network).user
    TerritoryCoordinatorFactory.create(user=coordinator, territory=Territory.objects.get(id="DEP-42"))
    client.force_login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get("/qualite/")

    html = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert "Réseau des lieux" in html
    assert "4 fiches" in html
    assert "3 fiches" in html
    assert "sur 100" in html


def test_the_page_is_for_coordinators(client: Client) -> None:
    client.force_login(UserFactory.create())

    response = client.get("/qualite/")

    assert response.status_code == 403
    assert "réservée aux coordinations" in response.content.decode()
