"""A moderation card shows its context: the claimant's role, the team, SIRENE, look-alike records."""

from django.urls import reverse
from django.utils import timezone

from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.contributions.submissions import claim_request_create
from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import DataSource
from tests.contributions.conftest import SAINT_ETIENNE, add_member
from tests.structures.factories import StructureFactory, fake_siret


def queue(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("contributions:moderation")).content.decode()


def test_a_claim_shows_the_claimant_the_team_sirene_and_look_alikes(
    client, sirene_structure, outsider, loire_coordinator
) -> None:
    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED, finished_at=timezone.now())
    twin = StructureFactory.create(name="Compagnie  du chaudron", commune_id=SAINT_ETIENNE)
    elsewhere = StructureFactory.create(name="Compagnie du Chaudron", commune_id="COM-69123")
    claim_request_create(author=outsider, structure=sirene_structure)

    page = queue(client, loire_coordinator)
    assert "L&#x27;auteur n&#x27;a encore aucun rôle dans cette structure." in page
    assert "Aucun gestionnaire pour l'instant" in page
    assert f"SIRET {sirene_structure.siret} présent dans le stock SIRENE importé le" in page
    assert f'href="{reverse("structures:detail", args=[twin.slug])}"' in page
    # The same name in another commune is not a look-alike.
    assert reverse("structures:detail", args=[elsewhere.slug]) not in page


def test_a_member_claiming_the_management_is_said_to_be_a_member_already(
    client, sirene_structure, loire_coordinator
) -> None:
    member = add_member(sirene_structure, MemberRole.MEMBER)
    claim_request_create(author=member, structure=sirene_structure)
    page = queue(client, loire_coordinator)
    assert "L&#x27;auteur est déjà membre de l&#x27;équipe de cette structure (sans la gérer)." in page
    assert "aucun stock SIRENE n&#x27;est encore importé, il n&#x27;a pas pu être vérifié" in page


def test_an_edit_names_the_current_managers(client, sirene_structure, outsider, loire_coordinator) -> None:
    add_member(sirene_structure, MemberRole.MANAGER, display_name="Marc Gérant")
    ChangeRequest.objects.create(
        kind=RequestKind.EDIT, structure=sirene_structure, author=outsider, proposed={"acronym": "CDC"}
    )
    page = queue(client, loire_coordinator)
    assert "Gestionnaire : Marc Gérant" in page
    assert "L&#x27;auteur n&#x27;est pas membre de l&#x27;équipe de cette structure." in page


def test_a_siret_absent_from_the_stock_links_to_the_public_directory(
    client, loire_coordinator, outsider
) -> None:
    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED, finished_at=timezone.now())
    hand_made = StructureFactory.create(
        name="Le Fil", commune_id=SAINT_ETIENNE, siret=fake_siret(), source=DataSource.ADMIN
    )
    ChangeRequest.objects.create(
        kind=RequestKind.CLAIM, structure=hand_made, author=outsider, role=MemberRole.MANAGER
    )
    page = queue(client, loire_coordinator)
    assert f"SIRET {hand_made.siret} absent du stock SIRENE importé le" in page
    assert f"https://annuaire-entreprises.data.gouv.fr/etablissement/{hand_made.siret}" in page


def test_a_creation_shows_a_record_of_the_same_name_in_its_commune(
    client, loire_coordinator, outsider
) -> None:
    existing = StructureFactory.create(name="La Fabrique à Sons", commune_id=SAINT_ETIENNE)
    ChangeRequest.objects.create(
        kind=RequestKind.CREATE,
        commune_id=SAINT_ETIENNE,
        author=outsider,
        proposed={"name": "la fabrique a sons", "commune": SAINT_ETIENNE, "siret": ""},
    )
    page = queue(client, loire_coordinator)
    assert f'href="{reverse("structures:detail", args=[existing.slug])}"' in page
    assert "Pas de SIRET indiqué" in page


def test_the_author_does_not_see_the_context(client, sirene_structure, outsider) -> None:
    add_member(sirene_structure, MemberRole.MANAGER, display_name="Marc Gérant")
    request = ChangeRequest.objects.create(
        kind=RequestKind.EDIT, structure=sirene_structure, author=outsider, proposed={"acronym": "CDC"}
    )
    client.force_login(outsider)
    page = client.get(reverse("contributions:request", args=[request.pk])).content.decode()
    assert "Marc Gérant" not in page
    assert "Fiches ressemblantes" not in page
