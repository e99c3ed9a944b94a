"""The administration gives staff roles on a body, and the role log records them (ADR 8)."""

from __future__ import annotations

import pytest
from django.test import Client

from maillage.accompaniment.models import BodyStaff
from maillage.memberships.enums import RoleChange, RoleKind
from maillage.memberships.models import RoleEvent
from tests.accompaniment.factories import BodyFactory
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_role_given_in_the_administration_is_logged() -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    body = BodyFactory.create()
    officer = UserFactory.create()
    client = Client()
    client.force_login(admin)
    response = client.post(
        f"/admin/accompaniment/body/{body.pk}/change/",
        {
            "structure": body.structure_id, "kind": body.kind, "checkpoint_months": "[12, 18]",
            "source_label": body.source_label, "source_url": "", "source_date": "",
            "staff-TOTAL_FORMS": "1", "staff-INITIAL_FORMS": "0", "staff-MIN_NUM_FORMS": "0",
            "staff-MAX_NUM_FORMS": "1000", "staff-0-user": officer.pk, "staff-0-role": "officer",
            "staff-0-body": body.pk, "staff-0-id": "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BodyStaff.objects.filter(body=body, user=officer).exists()
    event = RoleEvent.objects.get(person=officer)
    assert (event.role, event.change, event.actor) == (
        RoleKind.ACCOMPANIMENT_OFFICER,
        RoleChange.GRANTED,
        admin,
    )


def test_the_case_admin_lists_without_contents() -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/accompaniment/case/").status_code == 200
