"""The moderation queue and the members list read a bounded number of rows, however many there are."""

from django.urls import reverse

from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import RelationKind
from maillage.structures.models import Structure
from tests.accounts.factories import UserFactory
from tests.contributions.conftest import SAINT_ETIENNE, add_member
from tests.structures.factories import (
    DisciplineFactory,
    KeyFigureFactory,
    RelationFactory,
    StructureFactory,
    fake_siret,
)


def fill_queue(count: int) -> None:
    """Add `count` requests of each kind on structures of Saint-Étienne."""
    music = DisciplineFactory.create(slug="musique", name="Musique")
    for n in range(count):
        structure = StructureFactory.create(commune_id=SAINT_ETIENNE)
        structure.disciplines.add(music)
        author = UserFactory.create()
        ChangeRequest.objects.create(
            kind=RequestKind.EDIT,
            structure=structure,
            author=author,
            proposed={"name": f"Nom {n}", "commune": "COM-42218", "disciplines": [], "activities": ["venue"]},
        )
        ChangeRequest.objects.create(
            kind=RequestKind.CLAIM, structure=structure, author=author, role="manager"
        )
        ChangeRequest.objects.create(
            kind=RequestKind.CREATE,
            commune_id=SAINT_ETIENNE,
            author=author,
            proposed={
                "siret": fake_siret(),
                "name": f"Nouvelle {n}",
                "commune": SAINT_ETIENNE,
                "disciplines": ["musique"],
            },
        )


def test_the_moderation_queue_reads_a_fixed_number_of_queries(
    client, loire_coordinator, django_assert_max_num_queries
) -> None:
    fill_queue(6)
    client.force_login(loire_coordinator)
    # 14 for the queue, 4 for the cards' context (team, SIRENE run, SIRETs, look-alikes).
    with django_assert_max_num_queries(18):
        response = client.get(reverse("contributions:moderation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="contrib-card"') == 18
    assert "Nouvelle 5" in page
    assert "Nom 5" in page
    assert "Saint-Étienne (42218)" in page

    fill_queue(6)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("contributions:moderation"), {"page": 2})
    assert response.content.decode().count('class="contrib-card"') == 16


def test_the_members_list_reads_a_fixed_number_of_queries(client, db, django_assert_max_num_queries) -> None:
    structure: Structure = StructureFactory.create()
    manager = add_member(structure, MemberRole.MANAGER)
    for _ in range(25):
        add_member(structure)
    client.force_login(manager)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("contributions:members", args=[structure.slug]))
    assert response.status_code == 200
    assert response.content.decode().count("Changer le rôle") == 26


def test_the_start_page_lists_ones_requests_in_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
) -> None:
    author = UserFactory.create()
    for _ in range(30):
        structure = StructureFactory.create()
        ChangeRequest.objects.create(
            kind=RequestKind.EDIT, structure=structure, author=author, proposed={"acronym": "X"}
        )
    client.force_login(author)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("contributions:start"))
    assert response.content.decode().count("Modification n°") == 20


def test_the_declarations_page_reads_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
) -> None:
    structure = StructureFactory.create()
    for _ in range(15):
        RelationFactory.create(source=structure, kind=RelationKind.PARTNER)
        KeyFigureFactory.create(structure=structure)
    client.force_login(add_member(structure))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("contributions:declarations", args=[structure.slug]))
    page = response.content.decode()
    assert page.count("Retirer") == 15
    assert page.count('<th scope="row" id="figure-') == 15
