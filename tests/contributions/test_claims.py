"""Claiming a structure by its SIRET: who decides, and what the claimant becomes."""

from django.core import mail
from django.urls import reverse

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure
from tests.contributions.conftest import add_member

START = reverse("contributions:start")


def claim(client, structure: Structure, capture) -> ChangeRequest:
    with capture(execute=True):
        response = client.post(
            reverse("contributions:claim", args=[structure.slug]), {"message": "Je préside l'association."}
        )
    request = ChangeRequest.objects.get(kind=RequestKind.CLAIM, structure=structure)
    assert response.status_code == 302
    assert response.url == reverse("contributions:request", args=[request.pk])
    return request


def test_a_known_siret_shows_the_imported_identity_with_spaces_typed(client, sirene_structure) -> None:
    """A SIRET typed with spaces finds the SIRENE record and shows its identity, readable anonymously."""
    siret = sirene_structure.siret
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    response = client.get(START, {"siret": spaced})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Compagnie du Chaudron" in page
    assert "Saint-Étienne" in page
    assert "Association déclarée" in page
    assert "90.01Z" in page
    assert "SIRENE (INSEE)" in page
    assert "1 janvier 2025" in page
    assert "Revendiquer" in page


def test_an_invalid_siret_is_refused_in_french(client, db) -> None:
    """A SIRET whose key is wrong gets a French error next to the field."""
    response = client.get(START, {"siret": "123 456 789 00013"})
    assert response.status_code == 400
    assert "n&#x27;est pas valide" in response.content.decode()
    response = client.get(START, {"siret": "12345"})
    assert "doit compter exactement 14 chiffres" in response.content.decode()


def test_anonymous_claim_goes_to_login(client, sirene_structure) -> None:
    response = client.post(reverse("contributions:claim", args=[sirene_structure.slug]), {"message": ""})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not ChangeRequest.objects.exists()


def test_claim_without_managers_is_approved_by_the_territory_coordinator(
    client,
    sirene_structure,
    outsider,
    loire_coordinator,
    rhone_coordinator,
    django_capture_on_commit_callbacks,
) -> None:
    """With nobody managing the record, the Loire's coordinator is told and approves: the claimant manages."""
    client.force_login(outsider)
    request = claim(client, sirene_structure, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[loire_coordinator.email]]
    assert request.status == RequestStatus.PENDING
    assert not StructureMembership.objects.filter(user=outsider).exists()

    client.force_login(rhone_coordinator)
    assert f"n° {request.pk}" not in client.get(reverse("contributions:moderation")).content.decode()

    client.force_login(loire_coordinator)
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert f"Revendication n° {request.pk}" in queue
    assert "Olga Dehors" in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    assert response.status_code == 302
    membership = StructureMembership.objects.get(user=outsider, structure=sirene_structure)
    assert membership.role == MemberRole.MANAGER
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.decided_by == loire_coordinator
    # The decision, and the role it gave: what a manager may do and where to start.
    assert [m.to for m in mail.outbox] == [[outsider.email], [outsider.email]]
    subjects = " | ".join(str(m.subject) for m in mail.outbox)
    assert "Votre demande a été acceptée" in subjects
    assert "Votre rôle : gestionnaire" in subjects


def test_claim_with_managers_goes_to_them_not_to_the_coordinator(
    client, sirene_structure, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    """Once a structure has managers, they alone (not the coordinators) decide who joins them as manager."""
    manager = add_member(sirene_structure, MemberRole.MANAGER, display_name="Marc Gérant")
    client.force_login(outsider)
    request = claim(client, sirene_structure, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[manager.email]]

    client.force_login(loire_coordinator)
    assert f"n° {request.pk}" not in client.get(reverse("contributions:moderation")).content.decode()
    response = client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    assert response.status_code == 403
    assert not StructureMembership.objects.filter(user=outsider).exists()

    client.force_login(manager)
    assert (
        f"Revendication n° {request.pk}" in client.get(reverse("contributions:moderation")).content.decode()
    )
    client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    assert (
        StructureMembership.objects.get(user=outsider, structure=sirene_structure).role == MemberRole.MANAGER
    )


def test_a_second_claim_while_one_waits_is_refused(
    client, sirene_structure, outsider, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    claim(client, sirene_structure, django_capture_on_commit_callbacks)
    response = client.get(START, {"siret": sirene_structure.siret})
    assert "votre demande attend une décision" in response.content.decode()
    response = client.post(reverse("contributions:claim", args=[sirene_structure.slug]), {"message": ""})
    assert response.status_code == 400
    assert ChangeRequest.objects.count() == 1


def test_the_author_withdraws_a_pending_claim(
    client, sirene_structure, outsider, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    request = claim(client, sirene_structure, django_capture_on_commit_callbacks)
    page = client.get(reverse("contributions:request", args=[request.pk])).content.decode()
    assert "En attente" in page
    client.post(reverse("contributions:request", args=[request.pk]), {"action": "withdraw"})
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
