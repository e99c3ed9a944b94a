"""Pages of the calls: apply, submit, assign (conflicts refused), review, deliberate; never a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.calls.enums import ApplicationState, CommitteeRole, Decision
from maillage.calls.models import Application
from maillage.calls.reviewing import assignment_create
from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation
from tests.calls.factories import answers, applicant, make_call, reviewer, submitted
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def logged(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_list_and_a_call_show_to_anyone(client: Client, django_assert_max_num_queries: object) -> None:
    for n in range(3):
        make_call(title=f"Appel {n}")
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        response = client.get(reverse("calls:list"))
    assert response.status_code == 200
    assert response.content.decode().count("<h2><a href=") == 3
    call, _ = make_call(title="Pôles")
    assert "Connectez-vous" in client.get(call.get_absolute_url()).content.decode()


def test_a_manager_sees_why_a_structure_may_not_apply(client: Client) -> None:
    call, _ = make_call(ess_families=["association"])
    _scop, manager = applicant(StructureFactory.create(name="Coop du Son", scop=True))
    page = logged(client, manager).get(call.get_absolute_url()).content.decode()
    assert "Famille de l&#x27;ESS : Coopérative : SCOP" in page
    assert "Coop du Son ne remplit pas les conditions" in page


def test_apply_fill_submit_then_edits_are_refused(client: Client) -> None:
    call, _ = make_call()
    structure, manager = applicant(StructureFactory.create(name="Le Fil", association=True))
    logged(client, manager)
    response = client.post(reverse("calls:apply", args=[call.slug]), {"structure": str(structure.pk)})
    application = Application.objects.get(structure=structure)
    assert response["Location"] == application.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Le Fil" in page
    assert "Enregistrer le brouillon" in page

    data = {
        "version": "1",
        "title": "Coopérer",
        "consent_publication": "on",
        **answers(call),
        "action": "submit",
    }
    response = client.post(application.get_absolute_url(), data)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.receipt in client.get(response["Location"]).content.decode()

    again = client.post(
        application.get_absolute_url(), {**data, "version": str(application.version), "title": "X"}
    )
    assert again.status_code == 400
    assert "ne peut plus être modifiée" in again.content.decode()
    assert Application.objects.get(pk=application.pk).title == "Coopérer"


def test_a_stale_draft_answers_409_and_bad_input_400(client: Client) -> None:
    call, _ = make_call()
    structure, manager = applicant()
    logged(client, manager)
    client.post(reverse("calls:apply", args=[call.slug]), {"structure": str(structure.pk)})
    application = Application.objects.get(structure=structure)
    url = application.get_absolute_url()
    assert client.post(url, {"version": "1", "title": "Un", "action": "save"}).status_code == 302
    assert client.post(url, {"version": "1", "title": "Deux", "action": "save"}).status_code == 409
    key = call.questions.all()[1].key
    bad = client.post(url, {"version": "2", "title": "Trois", key: "١٢", "action": "save"})
    assert bad.status_code == 400
    assert "chiffres de 0 à 9" in bad.content.decode()
    assert client.post(url, {"version": "٢", "title": "x"}).status_code == 400
    for value in ("abc", "\u0661", "-1", ""):
        assert client.post(reverse("calls:apply", args=[call.slug]), {"structure": value}).status_code == 302
    assert client.get("/appels/candidatures/99999999/").status_code == 404


def test_a_partner_cannot_be_assigned_and_gets_403(client: Client) -> None:
    call, organiser = make_call()
    application = submitted(call, StructureFactory.create(name="Compagnie du Fil", association=True))
    halles = StructureFactory.create(name="Théâtre des Halles")
    Relation.objects.create(source=halles, target=application.structure, kind=RelationKind.PARTNER)
    person = reviewer(call, structure=halles)

    response = logged(client, organiser).post(
        reverse("calls:assign", args=[application.pk]), {"reviewer": person.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Conflit d&#x27;intérêts : Relation en cours dans l&#x27;annuaire : "
        "« Théâtre des Halles » — partenaire de" in page
    )
    assert not application.assignments.exists()

    logged(client, person)
    assert client.get(application.get_absolute_url()).status_code == 403
    assert client.get(reverse("calls:review", args=[application.pk])).status_code == 403


def test_a_reviewer_scores_then_declares_a_conflict_and_loses_access(client: Client) -> None:
    call, organiser = make_call()
    application = submitted(call)
    person = reviewer(call)
    assignment_create(actor=organiser, application=application, reviewer=person)
    logged(client, person)
    url = reverse("calls:review", args=[application.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "Ancrage territorial : note sur 10 (poids 3)" in form.content.decode()
    scores = {f"score_{c.pk}": "7" for c in call.criteria.all()}
    assert (
        client.post(url, {"version": "1", **scores, f"score_{call.criteria.all()[0].pk}": "11"}).status_code
        == 400
    )
    assert client.post(url, {"version": "1", **scores}).status_code == 302
    assert (
        client.post(
            reverse("calls:conflict", args=[application.pk]), {"reason": "Ancien salarié"}
        ).status_code
        == 302
    )
    assert client.get(url).status_code == 403
    assert client.get(application.get_absolute_url()).status_code == 403


def test_an_anonymised_call_hides_the_applicant_from_reviewers(client: Client) -> None:
    call, organiser = make_call(anonymised=True)
    application = submitted(call, StructureFactory.create(name="Compagnie Secrète", association=True))
    person = reviewer(call)
    assignment_create(actor=organiser, application=application, reviewer=person)
    page = logged(client, person).get(reverse("calls:review", args=[application.pk])).content.decode()
    assert "Compagnie Secrète" not in page
    assert f"candidature n° {application.pk}" in page
    dashboard = client.get(reverse("calls:dashboard", args=[call.slug])).content.decode()
    assert "Compagnie Secrète" not in dashboard
    assert f"n° {application.pk}" in dashboard


def test_the_dashboard_is_query_bounded(client: Client, django_assert_max_num_queries: object) -> None:
    call, organiser = make_call()
    people = [reviewer(call) for _ in range(3)]
    for application in [submitted(call) for _ in range(6)]:
        for person in people:
            assignment_create(actor=organiser, application=application, reviewer=person)
    logged(client, organiser)
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        response = client.get(reverse("calls:dashboard", args=[call.slug]) + "?tri=note")
    assert response.status_code == 200
    assert "0 / 3" in response.content.decode()
    for application in [submitted(call) for _ in range(6)]:
        assignment_create(actor=organiser, application=application, reviewer=people[0])
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        response = client.get(reverse("calls:dashboard", args=[call.slug]))
    assert response.content.decode().count("0 / 1") == 6
    assert client.get(reverse("calls:dashboard", args=[call.slug]) + "?tri=x&page=٣").status_code == 200
    logged(client, people[0])
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(reverse("calls:dashboard", args=[call.slug])).status_code == 200


def test_deliberate_export_and_report(client: Client) -> None:
    call, _ = make_call()
    chair = reviewer(call, role=CommitteeRole.CHAIR)
    application = submitted(call, consent=True)
    logged(client, chair)
    url = reverse("calls:deliberation", args=[call.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"application": "x"}).status_code == 302
    prefix = f"a{application.pk}"
    refused = client.post(
        url,
        {
            "application": application.pk,
            f"{prefix}-version": str(application.version),
            f"{prefix}-decision": "selected",
        },
    )
    assert refused.status_code == 400
    assert "Motivez la décision" in refused.content.decode()
    data = {
        f"{prefix}-version": str(application.version),
        f"{prefix}-decision": "selected",
        f"{prefix}-justification": "Solide.",
    }
    assert client.post(url, {"application": application.pk, **data}).status_code == 302
    assert client.post(url, {"application": application.pk, **data}).status_code == 409
    assert Application.objects.get(pk=application.pk).decision == Decision.SELECTED
    assert client.get(reverse("calls:report", args=[call.slug])).status_code == 404
    client.post(reverse("calls:publish", args=[call.slug]))
    response = client.get(reverse("calls:export", args=[call.slug]))
    export = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Retenue;Solide." in export
    client.logout()
    report = client.get(reverse("calls:report", args=[call.slug])).content.decode()
    assert application.title in report


def test_the_committee_pages_are_refused_to_others(client: Client) -> None:
    call, _ = make_call()
    _, stranger = applicant()
    logged(client, stranger)
    for name in ("dashboard", "deliberation", "export"):
        assert client.get(reverse(f"calls:{name}", args=[call.slug])).status_code == 403


def test_a_conflict_found_after_assignment_hides_the_application_from_the_reviewers_dashboard(
    client: Client,
) -> None:
    call, organiser = make_call()
    first, second = submitted(call), submitted(call)
    person = reviewer(call)
    for application in (first, second):
        assignment_create(actor=organiser, application=application, reviewer=person)
    Relation.objects.create(
        source=person.memberships.get().structure, target=second.structure, kind=RelationKind.COPRODUCTION
    )
    page = logged(client, person).get(reverse("calls:dashboard", args=[call.slug])).content.decode()
    assert f"n° {first.pk} —" in page
    assert f"n° {second.pk} —" not in page
