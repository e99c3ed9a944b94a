"""The pages of a case: an officer moves it through every phase; readers see what their role allows."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accompaniment.enums import AccessKind, Phase
from maillage.accompaniment.models import AccessLog, Case
from tests.accompaniment.factories import consented, world

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_an_officer_takes_a_collective_case_through_every_phase_by_the_pages() -> None:
    """Open for three structures, diagnose, plan, a collective action, follow up, close."""
    w = world()
    structures = [s for s, _ in consented(w.body_a, 3)]
    officer = _client(w.officer_a)
    response = officer.post(
        reverse("accompaniment:open", args=[w.body_a.pk]),
        {"title": "Mutualiser l'administration", "beneficiaries": [str(s.pk) for s in structures]},
    )
    case = Case.objects.get(title="Mutualiser l'administration")
    assert response.status_code == 302
    url = reverse("accompaniment:case", args=[case.pk])

    def step(name: str, data: dict[str, object]) -> None:
        case.refresh_from_db()
        payload = {f"{name}-{key}": value for key, value in {"version": case.version, **data}.items()}
        answer = officer.post(reverse("accompaniment:step", args=[case.pk, name]), payload)
        assert answer.status_code == 302, answer.content.decode()[:3000]

    step("avancer", {"close_reason": ""})
    step(
        "diagnostic",
        {"needs": ["gouvernance", "emploi"], "summary": "Trois structures fragiles", "on": "2026-01-15"},
    )
    step("avancer", {"close_reason": ""})
    step("plan", {"objectives": "Un poste partagé", "budget": "12000"})
    step(
        "action",
        {
            "title": "Atelier collectif", "starts_on": "2026-02-01", "ends_on": "2026-02-03", "days": "3",
            "cost": "2400", "structures": [str(s.pk) for s in structures], "consultant_name": "Cabinet",
        },
    )  # fmt: skip
    step("avancer", {"close_reason": ""})
    step("avancer", {"close_reason": ""})
    case.refresh_from_db()
    assert case.phase == Phase.FOLLOW_UP
    page = officer.get(url).content.decode()
    assert "collective (3 structures)" in page
    checkpoint = case.checkpoints.order_by("due_on").first()
    assert checkpoint is not None
    assert checkpoint.due_on == datetime.date(2027, 1, 15)
    answer = officer.post(
        reverse("accompaniment:checkpoint", args=[checkpoint.pk]),
        {f"point-{checkpoint.pk}-version": checkpoint.version, f"point-{checkpoint.pk}-note": "Poste pourvu",
         f"point-{checkpoint.pk}-employees": "2.5"},
    )  # fmt: skip
    assert answer.status_code == 302
    step("avancer", {"close_reason": "completed"})
    case.refresh_from_db()
    assert (case.phase, case.close_reason) == (Phase.CLOSED, "completed")


def test_a_stale_step_answers_409_and_shows_the_case_as_it_is() -> None:
    """Two tabs on one version: the second submission is refused, with the phase now."""
    w = world()
    officer = _client(w.officer_a)
    data = {"avancer-version": w.case.version, "avancer-close_reason": ""}
    assert officer.post(reverse("accompaniment:step", args=[w.case.pk, "avancer"]), data).status_code == 302
    response = officer.post(reverse("accompaniment:step", args=[w.case.pk, "avancer"]), data)
    assert response.status_code == 409
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in response.content.decode()


def test_bad_input_answers_400_in_french_never_500() -> None:
    """Non-ASCII digits, unknown steps, unknown needs: clear refusals."""
    w = world()
    officer = _client(w.officer_a)
    url = reverse("accompaniment:step", args=[w.case.pk, "avancer"])
    response = officer.post(url, {"avancer-version": "\u0661", "avancer-close_reason": ""})
    assert response.status_code == 400
    assert "chiffres de 0 à 9" in response.content.decode()
    assert officer.post(reverse("accompaniment:step", args=[w.case.pk, "inconnue"])).status_code == 404
    response = officer.post(url, {"avancer-version": "1", "avancer-close_reason": "licorne"})
    assert response.status_code == 400
    assert officer.get(reverse("accompaniment:figures") + "?structure=abc").status_code == 400
    assert officer.get(reverse("accompaniment:figures") + "?region=REG-00").status_code == 400


def test_a_read_by_the_beneficiarys_manager_is_logged_and_shown_to_the_body() -> None:
    """The manager reads her case; the officer sees that read in the access log."""
    w = world()
    url = reverse("accompaniment:case", args=[w.case.pk])
    assert _client(w.manager).get(url).status_code == 200
    line = AccessLog.objects.get(case=w.case)
    assert (line.user, line.kind) == (w.manager, AccessKind.READ)
    _client(w.officer_a).get(url)
    assert AccessLog.objects.filter(case=w.case).count() == 1  # the body's own reads leave no line
    assert "gestionnaire d&#x27;une structure accompagnée" in _client(w.officer_a).get(url).content.decode()


def test_the_structure_page_shows_the_case_in_progress_to_its_managers_and_officers_only() -> None:
    """« Accompagnement en cours » with the next step, for the manager and the officer; nobody else."""
    w = world()
    url = reverse("structures:detail", args=[w.structure.slug])
    for reader in (w.manager, w.officer_a):
        page = _client(reader).get(url).content.decode()
        assert "Accompagnement en cours" in page
        assert "prochaine étape : poser le diagnostic partagé" in page
    for reader in (w.member, w.officer_b, w.stranger):
        assert "Accompagnement en cours" not in _client(reader).get(url).content.decode()
    assert "Accompagnement en cours" not in Client().get(url).content.decode()
