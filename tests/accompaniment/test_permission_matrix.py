"""Who may do what to a case, every role, case action and case state, on the pages and through the API.

Through the API: read a case, list, move it (PATCH), add an action (POST), read and record a checkpoint.

Body A runs the case on a structure whose manager agreed. Body B's officer is outside it; body C's officer
gets a summary share, a second resource centre a full share; the first resource centre has none. The
consultant carries out one action of the case (from the plan on).
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accompaniment.enums import BodyKind, Phase, ShareScope, StaffRole
from maillage.accompaniment.models import AccessLog, Case, Checkpoint, Intervention
from maillage.accompaniment.phases import action_add, case_advance, case_diagnose, case_plan
from maillage.accompaniment.sharing import case_share
from maillage.accounts.api_tokens import token_create
from tests.accompaniment.factories import NEEDS, BodyFactory, staff, world
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

STATES = [Phase.WELCOME, Phase.DIAGNOSTIC, Phase.PLAN, Phase.ACTIONS, Phase.FOLLOW_UP, Phase.CLOSED]
# role: (reads the case, reads its diagnostic, moves it, reads the figures, is outside the body)
ROLES: dict[str, tuple[bool, bool, bool, bool, bool]] = {
    "anonymous": (False, False, False, False, True),
    "stranger": (False, False, False, False, True),
    "officer_a": (True, True, True, True, False),
    "officer_b": (False, False, False, True, True),
    "officer_c_summary_share": (True, False, False, True, True),
    "centre": (False, False, False, True, True),
    "centre_full_share": (True, True, False, True, True),
    "consultant": (False, False, False, False, True),
    "manager": (True, True, False, False, True),
    "member": (False, False, False, False, True),
    "superuser": (True, True, True, True, True),
}


def _reach(state: Phase) -> tuple[Case, dict[str, Any]]:
    """Build the world and take its case to `state`."""
    w = world()
    officer = w.officer_a
    body_c = BodyFactory.create()
    centre_shared = BodyFactory.create(kind=BodyKind.CRDLA)
    people = {
        "anonymous": None, "stranger": w.stranger, "officer_a": officer, "officer_b": w.officer_b,
        "officer_c_summary_share": staff(body_c), "centre": w.centre_staff,
        "centre_full_share": staff(centre_shared, StaffRole.RESOURCE_CENTRE), "consultant": w.consultant,
        "manager": w.manager, "member": w.member, "superuser": UserFactory.create(is_superuser=True),
    }  # fmt: skip
    case = w.case
    case_share(case=case, actor=officer, grantee=body_c, scope=ShareScope.SUMMARY)
    case_share(case=case, actor=officer, grantee=centre_shared, scope=ShareScope.FULL)

    def advance() -> Case:
        return case_advance(case=case, actor=officer, expected_version=case.version)

    order = STATES.index(state)
    if order >= 1:
        case = advance()
        case = case_diagnose(
            case=case, actor=officer, expected_version=case.version, needs=NEEDS, summary="Bilan"
        )
    if order >= 2:
        case = advance()
        case = case_plan(
            case=case,
            actor=officer,
            expected_version=case.version,
            objectives="Plan",
            budget=None,
            scheme_ids=[],
        )
        action_add(
            case=case, actor=officer, expected_version=case.version, title="Appui", consultant=w.consultant,
            starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 2), days=Decimal(2),
            cost=Decimal(1000), structures=[w.structure],
        )  # fmt: skip
        case.refresh_from_db()
    for _ in range(min(order, 4) - 2):
        case = advance()
    if state == Phase.CLOSED:
        case = case_advance(case=case, actor=officer, expected_version=case.version, close_reason="completed")
    assert case.phase == state
    AccessLog.objects.all().delete()
    return case, people


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _api(user: Any, scopes: list[str]) -> dict[str, str]:
    if user is None:
        return {}
    return {"Authorization": f"Bearer {token_create(user=user, name='outil', scopes=scopes).key}"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", list(ROLES))
def test_matrix(role: str, state: Phase) -> None:
    reads, diagnostic, moves, figures, outside = ROLES[role]
    case, people = _reach(state)
    user = people[role]
    client = _client(user)
    denied = 302 if user is None else 403

    page = client.get(reverse("accompaniment:case", args=[case.pk]))
    assert page.status_code == (200 if reads else denied)
    if reads:
        assert ("Diagnostic partagé</h2>" in page.content.decode()) == diagnostic
    logged = AccessLog.objects.filter(case=case, user=user).exists() if user is not None else False
    assert logged == (reads and outside)

    step = client.post(
        reverse("accompaniment:step", args=[case.pk, "avancer"]),
        {"avancer-version": case.version, "avancer-close_reason": "abandoned"},
    )
    expected_step = (400 if state == Phase.CLOSED else 302) if moves else denied
    assert step.status_code == expected_step
    case.refresh_from_db()

    assert client.get(reverse("accompaniment:figures")).status_code == (200 if figures else denied)

    action = Intervention.objects.filter(case=case).first()
    if action is not None:
        sees_action = reads or role == "consultant"
        response = client.get(reverse("accompaniment:action", args=[action.pk]))
        assert response.status_code == (200 if sees_action else denied)

    headers = _api(user, ["accompagnements:read", "accompagnements:write"])
    api = Client()
    got = api.get(f"/api/v1/accompagnements/{case.pk}", headers=headers)
    assert got.status_code == (401 if user is None else 200 if reads else 403)
    if reads:
        assert (got.json()["besoins"] is not None) == diagnostic
        assert got["ETag"] == f'"{case.pk}-{case.version}"'
    listed = api.get("/api/v1/accompagnements", headers=headers)
    if user is not None:
        assert (case.pk in [item["id"] for item in listed.json()["items"]]) == reads
    patched = api.patch(
        f"/api/v1/accompagnements/{case.pk}",
        data=json.dumps({"etape": "avancer", "motif_cloture": "abandoned"}),
        content_type="application/json",
        headers={**headers, "If-Match": f'"{case.pk}-{case.version}"'},
    )
    closed = state == Phase.CLOSED or moves  # a mover closed it through the page just before
    expected_patch = (400 if closed else 200) if moves else 401 if user is None else 403
    assert patched.status_code == expected_patch, patched.content

    # The later phases' writes (a mover closed the case just before: refused for its phase, 400).
    refused = 400 if moves else 401 if user is None else 403
    fresh = Case.objects.get(pk=case.pk)
    action_body = {
        "intitule": "Atelier", "debut": "2026-04-01", "fin": "2026-04-02", "jours": "1", "cout": "100",
        "structures": [fresh.beneficiaries.get().slug],
    }  # fmt: skip
    posted = api.post(
        f"/api/v1/accompagnements/{case.pk}/actions", data=json.dumps(action_body),
        content_type="application/json", headers={**headers, "If-Match": f'"{fresh.pk}-{fresh.version}"'},
    )  # fmt: skip
    assert posted.status_code == refused, posted.content
    checkpoint = Checkpoint.objects.filter(case=case).first()
    if checkpoint is not None:
        url = f"/api/v1/accompagnements/points-de-suivi/{checkpoint.pk}"
        assert api.get(url, headers=headers).status_code == (401 if user is None else 200 if reads else 403)
        recorded = api.patch(
            url, data=json.dumps({"constat": "Vu"}), content_type="application/json",
            headers={**headers, "If-Match": f'"{checkpoint.pk}-{checkpoint.version}"'},
        )  # fmt: skip
        assert recorded.status_code == refused, recorded.content


def test_a_revoked_share_closes_the_case_again_and_both_acts_are_logged() -> None:
    """Body C reads while shared; after the revocation, 403; the body reads both lines in its log."""
    case, people = _reach(Phase.WELCOME)
    share = case.shares.get(grantee__staff__user=people["officer_c_summary_share"])
    reader = _client(people["officer_c_summary_share"])
    url = reverse("accompaniment:case", args=[case.pk])
    assert reader.get(url).status_code == 200
    officer = _client(people["officer_a"])
    assert officer.post(reverse("accompaniment:share_revoke", args=[share.pk])).status_code == 302
    assert reader.get(url).status_code == 403
    page = officer.get(url).content.decode()
    assert "révoqué le" in page
    assert "fin de partage" in page
    assert "lecture" in page
    assert (
        officer.post(reverse("accompaniment:share_revoke", args=[share.pk])).status_code == 302
    )  # told, not 500
    assert (
        _client(people["officer_b"]).post(reverse("accompaniment:share_revoke", args=[share.pk])).status_code
        == 403
    )


def test_an_api_read_needs_the_read_scope() -> None:
    """A key without the accompaniment scope is refused; no key at all too."""
    case, people = _reach(Phase.WELCOME)
    headers = _api(people["officer_a"], ["structures:write"])
    assert Client().get(f"/api/v1/accompagnements/{case.pk}", headers=headers).status_code == 403
    assert Client().get("/api/v1/accompagnements").status_code == 401
