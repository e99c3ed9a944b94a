"""History that forgets what it must: past contacts for the record's keepers only, erasure everywhere."""

import html

from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.accounts.personal_data import delete_account
from maillage.contributions.consent import membership_declaration_refuse
from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.history.models import Revision
from maillage.history.personal_data import ERASED
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import RelationKind, RelationState
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.structures.factories import RelationFactory, StructureFactory

OLD_EMAIL = "helene.martin@example.org"
OLD_PHONE = "04 77 00 11 22"


def history(client: Client, structure: Structure) -> str:
    return html.unescape(client.get(reverse("history:list", args=[structure.slug])).content.decode())


def test_past_contact_details_are_masked_but_for_managers_and_coordinators(
    client: Client, le_fil: Structure, member: User, coordinator: User, outsider: User
) -> None:
    """Visitors, outsiders and plain members read "valeur masquée"; managers and coordinators the values."""
    structure_update(structure=le_fil, email=OLD_EMAIL, phone=OLD_PHONE, actor=coordinator)
    structure_update(structure=le_fil, email="accueil@lefil.example.org", phone="", actor=coordinator)
    manager = StructureMembershipFactory.create(structure=le_fil, role=MemberRole.MANAGER).user
    readers = {"visiteur": None, "extérieur": outsider, "membre": member, "gestionnaire": manager}
    readers["coordination"] = coordinator
    seen = {}
    for name, reader in readers.items():
        client.logout()
        if reader is not None:
            client.force_login(reader)
        page = history(client, le_fil)
        seen[name] = (OLD_EMAIL in page, OLD_PHONE in page, "valeur masquée" in page)
    assert seen == {
        "visiteur": (False, False, True),
        "extérieur": (False, False, True),
        "membre": (False, False, True),
        "gestionnaire": (True, True, False),
        "coordination": (True, True, False),
    }
    # The current address stays public on the record itself.
    assert (
        "accueil@lefil.example.org"
        in client.get(reverse("structures:detail", args=[le_fil.slug])).content.decode()
    )


def test_erasing_a_person_reaches_every_history_line_and_request_holding_their_data(
    le_fil: Structure, coordinator: User
) -> None:
    """Her address and name leave revisions and requests written by others; other people's data stays."""
    person = UserFactory.create(email=OLD_EMAIL, display_name="Hélène Martin")
    structure_update(
        structure=le_fil,
        email=OLD_EMAIL,
        description="Accueil : Hélène Martin, et Anne pour la billetterie.",
        actor=coordinator,
    )
    structure_update(structure=le_fil, email="accueil@lefil.example.org", actor=coordinator)
    request = ChangeRequest.objects.create(
        kind=RequestKind.EDIT,
        structure=le_fil,
        author=UserFactory.create(),
        proposed={"email": OLD_EMAIL, "description": "Écrire à hélène martin."},
        message=f"Contact : {OLD_EMAIL}",
    )

    delete_account(person)

    stored = " ".join(str(r.changes) for r in Revision.objects.filter(structure=le_fil))
    assert OLD_EMAIL not in stored
    assert "Hélène Martin" not in stored
    assert ERASED in stored
    assert "et Anne pour la billetterie" in stored
    assert "accueil@lefil.example.org" in stored
    request.refresh_from_db()
    assert request.proposed == {"email": ERASED, "description": f"Écrire à {ERASED}."}
    assert request.message == f"Contact : {ERASED}"
    le_fil.refresh_from_db()
    assert le_fil.email == "accueil@lefil.example.org"


def test_a_networks_refusal_reason_stays_out_of_the_public_history(
    client: Client, le_fil: Structure, coordinator: User
) -> None:
    """Visitors read that a declared membership was refused, not why; the structure's coordinators do."""
    network = StructureFactory.create(network=True)
    relation = RelationFactory.create(
        source=le_fil, kind=RelationKind.MEMBER_OF, target=network, state=RelationState.DECLARED
    )
    staff = UserFactory.create(is_staff=True)
    membership_declaration_refuse(relation=relation, actor=staff, reason="Cotisation impayée depuis 2023.")
    assert "Cotisation impayée" not in history(client, le_fil)
    client.force_login(coordinator)
    assert "Cotisation impayée" in history(client, le_fil)
