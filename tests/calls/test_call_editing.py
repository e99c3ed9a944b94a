"""A call written from its page by its organiser's managers, versioned (409 showing the other change);
the admin's change form checks the version too."""

from typing import Any

import pytest
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client, RequestFactory
from django.urls import reverse

from maillage.calls.admin import CallAdmin
from maillage.calls.editing import call_edit, parse_questions
from maillage.calls.enums import CallStatus, QuestionKind
from maillage.calls.models import Call
from maillage.concurrency.versions import StaleWriteError
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.calls.factories import make_call, submitted
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def filled(organiser_pk: int | str, **changes: Any) -> dict[str, Any]:
    return {
        "title": "Fabriques culturelles", "summary": "Pour les tiers-lieux culturels.",
        "organiser": organiser_pk, "territory": "", "opens_at": "2026-01-10T09:00",
        "closes_at": "2026-03-01T18:00", "review_until": "2026-03-20", "decision_on": "2026-04-01",
        "reviews_per_application": "3", "min_years": "2",
        "questions": "Décrivez le projet ; texte long\nStatut ; choix : SCOP / SCIC / Association\n"
                     "Déjà accompagnés ? ; oui ou non ; facultative",
        "criteria": "Ancrage territorial ; 3 ; 10\nCoopération ; 2 ; 10\nModèle économique",
        **changes,
    }  # fmt: skip


def manager_of(structure: Any) -> Any:
    return StructureMembershipFactory.create(structure=structure, role="manager").user


def test_a_manager_opens_a_call_in_the_name_of_their_structure(client: Client) -> None:
    organiser = StructureFactory.create(name="Réseau des fabriques")
    client.force_login(manager_of(organiser))
    assert client.get(reverse("calls:list")).content.decode().count(reverse("calls:new")) == 1
    response = client.post(reverse("calls:new"), filled(organiser.pk))
    call = Call.objects.get(title="Fabriques culturelles")
    assert response.status_code == 302
    assert response["Location"] == reverse("calls:edit", args=[call.slug])
    assert (call.status, list(call.organisers.all()), call.min_years) == (CallStatus.DRAFT, [organiser], 2)
    assert [(q.kind, q.required, q.choices) for q in call.questions.all()] == [
        (QuestionKind.LONG_TEXT, True, []),
        (QuestionKind.CHOICE, True, ["SCOP", "SCIC", "Association"]),
        (QuestionKind.YES_NO, False, []),
    ]
    assert [(c.label, c.weight, c.max_score) for c in call.criteria.all()] == [
        ("Ancrage territorial", 3, 10), ("Coopération", 2, 10), ("Modèle économique", 1, 10),
    ]  # fmt: skip


def test_bad_lines_and_people_without_a_structure_are_refused(client: Client) -> None:
    organiser = StructureFactory.create()
    member = StructureMembershipFactory.create(structure=organiser, role="member").user
    client.force_login(member)
    assert client.get(reverse("calls:new")).status_code == 403
    client.force_login(manager_of(organiser))
    response = client.post(
        reverse("calls:new"), filled(organiser.pk, criteria="Coopération ; deux", questions="X ; dessin")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ligne 1 : attendu « Libellé ; poids ; note maximale » en chiffres." in page
    assert "type « dessin » inconnu" in page
    other = StructureFactory.create()
    assert client.post(reverse("calls:new"), filled(other.pk)).status_code == 400  # not among the choices
    assert not Call.objects.exists()


def test_an_edit_over_a_later_change_answers_409_showing_it(client: Client) -> None:
    call, manager = make_call(title="Pôles")
    client.force_login(manager)
    form = client.get(reverse("calls:edit", args=[call.slug]))
    assert form.status_code == 200
    read_version = call.version
    organiser = call.organisers.get()
    # Someone else renames the call meanwhile.
    call_edit(actor=manager, call=call, expected_version=read_version, title="Pôles culturels 2027")
    mine = filled(
        organiser.pk,
        title="Pôles de coopération",
        version=read_version,
        questions="",
        criteria="Qualité ; 1 ; 10",
    )
    response = client.post(reverse("calls:edit", args=[call.slug]), mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Pôles culturels 2027" in page  # the other change, shown
    assert "Pôles de coopération" in page  # the person's input, kept
    assert Call.objects.get(pk=call.pk).title == "Pôles culturels 2027"
    again = client.post(reverse("calls:edit", args=[call.slug]), {**mine, "version": read_version + 1})
    assert again.status_code == 302
    saved = Call.objects.get(pk=call.pk)
    assert (saved.title, saved.version) == ("Pôles de coopération", read_version + 2)
    assert [c.label for c in saved.criteria.all()] == ["Qualité"]


def test_only_the_organisers_managers_and_staff_edit_and_the_form_freezes_with_applications(
    client: Client,
) -> None:
    call, manager = make_call()
    stranger = manager_of(StructureFactory.create())
    client.force_login(stranger)
    assert client.get(reverse("calls:edit", args=[call.slug])).status_code == 403
    client.force_login(UserFactory.create(is_staff=True))
    assert client.get(reverse("calls:edit", args=[call.slug])).status_code == 200
    detail = client.get(reverse("calls:detail", args=[call.slug])).content.decode()
    assert reverse("calls:edit", args=[call.slug]) in detail

    submitted(call)
    client.force_login(manager)
    organiser = call.organisers.get()
    response = client.post(
        reverse("calls:edit", args=[call.slug]),
        filled(organiser.pk, version=call.version, criteria="Un seul critère ; 1 ; 10"),
    )
    assert response.status_code == 400
    assert "les questions et les critères ne changent plus" in response.content.decode()
    assert Call.objects.get(pk=call.pk).criteria.count() == 3


def test_the_admin_checks_the_version_the_form_was_read_at() -> None:
    call, manager = make_call(title="Pôles")
    staff = UserFactory.create(is_staff=True, is_superuser=True)
    request = RequestFactory().post("/admin/")
    request.user = staff
    model_admin = CallAdmin(Call, admin.site)
    form_class = model_admin.get_form(request, call)
    data = {**model_to_dict(call), "title": "Pôles (admin)", "expected_version": call.version}
    data["organisers"] = [o.pk for o in call.organisers.all()]
    for name in ("opens_at", "closes_at"):  # the admin's split widget: a date and a time
        data[f"{name}_0"], data[f"{name}_1"] = getattr(call, name).strftime("%d/%m/%Y %H:%M:%S").split()
    # The page's edit lands between the admin's reading and its saving.
    call_edit(
        actor=manager, call=Call.objects.get(pk=call.pk), expected_version=call.version, title="Pôles 2027"
    )
    stale = form_class(data, instance=Call.objects.get(pk=call.pk))
    assert not stale.is_valid()
    assert "Quelqu'un a modifié cet appel" in stale.errors["expected_version"][0]
    assert Call.objects.get(pk=call.pk).title == "Pôles 2027"

    fresh_call = Call.objects.get(pk=call.pk)
    fresh = form_class({**data, "expected_version": fresh_call.version}, instance=fresh_call)
    assert fresh.is_valid(), fresh.errors
    # Valid when read; another edit then lands before the admin writes: the conditional update refuses it.
    call_edit(
        actor=manager,
        call=Call.objects.get(pk=call.pk),
        expected_version=fresh_call.version,
        summary="Autre.",
    )
    with pytest.raises(StaleWriteError):
        model_admin.save_model(request, fresh.save(commit=False), fresh, change=True)
    assert Call.objects.get(pk=call.pk).summary == "Autre."


def test_staff_open_a_call_for_any_structure_named_by_its_address(client: Client) -> None:
    organiser = StructureFactory.create(name="Fédération régionale")
    client.force_login(UserFactory.create(is_staff=True))
    assert client.get(reverse("calls:new")).status_code == 200
    unnamed = client.post(reverse("calls:new"), filled(""))
    assert unnamed.status_code == 400
    assert "Choisissez la structure organisatrice." in unnamed.content.decode()
    unknown = client.post(reverse("calls:new"), filled("", organiser_slug="nulle-part"))
    assert unknown.status_code == 400
    response = client.post(reverse("calls:new"), filled("", organiser_slug=organiser.slug))
    assert response.status_code == 302
    assert list(Call.objects.get().organisers.all()) == [organiser]


def test_a_rewritten_questionnaire_keeps_the_limits_of_the_questions_it_keeps() -> None:
    call, manager = make_call()  # its first question is limited to 2,000 characters in the admin
    lines = "Décrivez le projet ; texte long\nVotre budget ; nombre"
    call_edit(actor=manager, call=call, expected_version=call.version, questions=parse_questions(lines))
    kept, added = Call.objects.get(pk=call.pk).questions.all()
    assert (kept.label, kept.max_length) == ("Décrivez le projet", 2000)
    assert (added.label, added.kind, added.max_length) == ("Votre budget", QuestionKind.NUMBER, None)
