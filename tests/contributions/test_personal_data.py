"""What contributions hold about a person, in their export and after their account's deletion; merges."""

import datetime

from django.utils import timezone

from maillage.accounts.personal_data import SECTIONS
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest, Invitation
from maillage.history.merge import structure_merge
from maillage.memberships.enums import MemberRole
from tests.accounts.factories import UserFactory
from tests.structures.factories import StructureFactory


def test_export_and_erase_cover_requests_decisions_and_invitations(db) -> None:
    person = UserFactory.create(email="ana@example.org")
    moderator = UserFactory.create()
    structure = StructureFactory.create(name="La Rotonde")
    pending = ChangeRequest.objects.create(
        kind=RequestKind.EDIT,
        structure=structure,
        author=person,
        proposed={"acronym": "LR"},
        message="Je suis Ana, de la Rotonde.",
    )
    decided = ChangeRequest.objects.create(
        kind=RequestKind.CLAIM,
        structure=structure,
        author=moderator,
        decided_by=person,
        status=RequestStatus.REFUSED,
        decision_message="Refusé par Ana.",
        decided_at=timezone.now(),
    )
    expires = timezone.now() + datetime.timedelta(days=3)
    Invitation.objects.create(
        structure=structure, email="ANA@example.org", token_hash="a" * 64, expires_at=expires
    )
    sent = Invitation.objects.create(
        structure=structure,
        email="autre@example.org",
        token_hash="b" * 64,
        invited_by=person,
        expires_at=expires,
    )

    data = SECTIONS["contributions"].export(person)
    assert data["demandes"][0]["message"] == "Je suis Ana, de la Rotonde."
    assert data["demandes"][0]["valeurs_proposees"] == {"acronym": "LR"}
    assert data["decisions"][0]["message_de_decision"] == "Refusé par Ana."
    assert [i["adresse"] for i in data["invitations_envoyees"]] == ["autre@example.org"]
    assert [i["structure"] for i in data["invitations_recues"]] == ["La Rotonde"]

    SECTIONS["contributions"].erase(person)
    pending.refresh_from_db()
    decided.refresh_from_db()
    sent.refresh_from_db()
    assert (pending.author, pending.message, pending.status) == (None, "", RequestStatus.WITHDRAWN)
    assert (decided.decided_by, decided.decision_message, decided.status) == (None, "", RequestStatus.REFUSED)
    assert sent.invited_by is None
    assert list(Invitation.objects.values_list("email", flat=True)) == ["autre@example.org"]


def test_a_merge_moves_requests_and_invitations_to_the_structure_kept(db) -> None:
    admin = UserFactory.create(is_superuser=True)
    keep = StructureFactory.create(name="Le Fil")
    duplicate = StructureFactory.create(name="Le Fil (doublon)")
    request = ChangeRequest.objects.create(
        kind=RequestKind.CLAIM, structure=duplicate, role=MemberRole.MANAGER
    )
    invitation = Invitation.objects.create(
        structure=duplicate, email="x@example.org", token_hash="c" * 64, expires_at=timezone.now()
    )
    structure_merge(keep=keep, duplicate=duplicate, actor=admin)
    request.refresh_from_db()
    invitation.refresh_from_db()
    assert request.structure == keep
    assert invitation.structure == keep
