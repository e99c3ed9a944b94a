"""« Mon espace » shows what waits and who decides it; moderators see their count; every request has
a reviewer."""

import datetime
import html
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.contributions.reviewers import usual_delay
from maillage.memberships.enums import MemberRole
from tests.accounts.factories import UserFactory
from tests.contributions.conftest import add_member


def page(response) -> str:
    return html.unescape(response.content.decode())


def claim(client, structure) -> None:
    response = client.post(reverse("contributions:claim", args=[structure.slug]), {"message": "Présidente"})
    assert response.status_code == 302


def test_a_claim_shows_in_my_space_with_who_examines_it(
    client, sirene_structure, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        claim(client, sirene_structure)

    space = page(client.get(reverse("accounts:dashboard")))

    assert "Mes demandes en attente" in space
    assert "Compagnie du Chaudron" in space
    assert "Les coordinations du réseau ou du territoire de la structure" in space
    assert "Pas encore assez de demandes examinées pour estimer un délai" in space
    assert mail.outbox[-1].to == [loire_coordinator.email]
    assert "parce que vous coordonnez le réseau ou le territoire de cette structure" in mail.outbox[-1].body


def test_with_no_coordinator_the_administrators_review_and_are_told_why(
    client, sirene_structure, outsider, django_capture_on_commit_callbacks
) -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True, email="admin@maillage.example")
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        claim(client, sirene_structure)

    space = page(client.get(reverse("accounts:dashboard")))

    assert "L'équipe d'administration de maillage, car aucune personne ne gère" in space
    assert mail.outbox[-1].to == [admin.email]
    body = mail.outbox[-1].body
    assert "parce que vous administrez maillage et qu'aucune personne ne gère" in body
    assert "parce que vous gérez ou coordonnez" not in body


def test_the_usual_delay_is_the_median_of_recent_decisions(sirene_structure, outsider) -> None:
    now = timezone.now()
    for days in (1, 2, 3, 8, 30):
        ChangeRequest.objects.create(
            kind=RequestKind.CLAIM,
            structure=sirene_structure,
            author=outsider,
            status=RequestStatus.ACCEPTED,
            decided_at=now,
        )
        ChangeRequest.objects.filter(
            decided_at=now, created_at__gt=now - datetime.timedelta(minutes=5)
        ).update(created_at=now - datetime.timedelta(days=days))

    assert usual_delay(RequestKind.CLAIM) == "environ 3 jours d'habitude (médiane des six derniers mois)"
    assert usual_delay(RequestKind.EDIT) == "pas encore assez de demandes examinées pour estimer un délai"


def test_moderators_see_their_pending_count_in_the_header_and_others_no_link(
    client, sirene_structure, outsider, loire_coordinator
) -> None:
    ChangeRequest.objects.create(kind=RequestKind.CLAIM, structure=sirene_structure, author=outsider)

    client.force_login(loire_coordinator)
    coordinator_page = page(client.get(reverse("structures:list")))
    client.force_login(outsider)
    outsider_page = page(client.get(reverse("structures:list")))
    member = add_member(sirene_structure, role=MemberRole.MEMBER)
    client.force_login(member)
    member_page = page(client.get(reverse("structures:list")))

    assert re.search(
        r">Modération <span class=\"count-badge\">1<span class=\"visually-hidden\"> demande à examiner<",
        coordinator_page,
    )
    assert "Modération" not in outsider_page
    assert "Modération" not in member_page
