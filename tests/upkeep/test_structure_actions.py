"""A structure's page offers each signed-in person the actions the rules allow them, and no other."""

from html import unescape

from django.test import Client

from maillage.accounts.models import User
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.structures.factories import fake_siret


def actions(client: Client, structure: Structure) -> str:
    html = unescape(client.get(f"/structures/{structure.slug}/").content.decode())
    if 'class="structure-actions"' not in html:
        return ""
    shown = html.split('class="structure-actions"', 1)[1].split("</ul>", 1)[0]
    # The offer to claim the record follows the list of actions.
    if 'class="claim-offer"' in html:
        shown += html.split('class="claim-offer"', 1)[1].split("</p>", 1)[0]
    return shown


def test_visitors_see_no_actions_but_the_history(client: Client, le_fil: Structure) -> None:
    assert actions(client, le_fil) == ""
    assert "Historique des modifications" in unescape(
        client.get(f"/structures/{le_fil.slug}/").content.decode()
    )


def test_a_member_edits_and_confirms(client: Client, le_fil: Structure, member: User) -> None:
    client.force_login(member)

    shown = actions(client, le_fil)

    assert f'href="/contribuer/structures/{le_fil.slug}/modifier/">Modifier<' in shown
    assert "Confirmer ces informations" in shown
    assert "Équipe" not in shown
    assert "Revendiquer" not in shown


def test_a_manager_also_manages_members(client: Client, le_fil: Structure) -> None:
    manager = UserFactory.create()
    StructureMembershipFactory.create(user=manager, structure=le_fil, role=MemberRole.MANAGER)
    client.force_login(manager)

    assert f'href="/contribuer/structures/{le_fil.slug}/membres/">Équipe<' in actions(client, le_fil)


def test_someone_else_proposes_a_change_or_claims_the_structure(
    client: Client, le_fil: Structure, outsider: User
) -> None:
    siret = fake_siret()
    structure_update(structure=le_fil, siret=siret)
    client.force_login(outsider)

    shown = actions(client, le_fil)

    assert "Proposer une modification" in shown
    assert f'href="/contribuer/structures/{le_fil.slug}/revendiquer/">Revendiquez sa fiche' in shown
    assert "Confirmer" not in shown


def test_a_coordinator_edits_and_confirms_without_claiming(
    client: Client, le_fil: Structure, coordinator: User
) -> None:
    structure_update(structure=le_fil, siret=fake_siret())
    client.force_login(coordinator)

    shown = actions(client, le_fil)

    assert ">Modifier<" in shown
    assert "Équipe" in shown  # coordinators manage the members of their perimeter's structures
    assert "Revendiquer" not in shown
