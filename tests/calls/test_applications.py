"""Applications: pre-filled from the directory, frozen and hashed at submission, withdrawn, never edited."""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.calls.content import canonical_content
from maillage.calls.eligibility import judge
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Application
from maillage.calls.services import (
    application_create,
    application_submit,
    application_update,
    application_withdraw,
)
from maillage.concurrency.versions import StaleWriteError
from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation
from tests.calls.factories import answers, applicant, make_call, submitted
from tests.structures.factories import KeyFigureFactory, StructureFactory

pytestmark = pytest.mark.django_db


def test_a_draft_is_prefilled_from_the_directory() -> None:
    call, _ = make_call()
    structure, manager = applicant(StructureFactory.create(name="Le Fil", association=True, siret=""))
    KeyFigureFactory.create(
        structure=structure, metric="employees", year=2023, value=12, source_label="Rapport 2023"
    )
    partner = StructureFactory.create(name="La Comète")
    Relation.objects.create(source=structure, target=partner, kind=RelationKind.PARTNER)

    application = application_create(actor=manager, call=call, structure=structure)

    assert application.state == ApplicationState.DRAFT
    assert application.directory["identite"]["nom"] == "Le Fil"
    assert application.directory["chiffres_cles"][0]["source"] == "Rapport 2023"
    assert application.directory["relations"] == [
        {"nature": "Partenaire de", "avec": "La Comète", "sens": "vers"}
    ]


def test_only_the_structures_managers_may_apply() -> None:
    call, _ = make_call()
    structure = StructureFactory.create(association=True)
    _, stranger = applicant()
    with pytest.raises(PermissionDenied):
        application_create(actor=stranger, call=call, structure=structure)


def test_one_live_application_per_structure_and_call() -> None:
    call, _ = make_call()
    structure, manager = applicant()
    application_create(actor=manager, call=call, structure=structure)
    with pytest.raises(ValidationError, match="déjà une candidature"):
        application_create(actor=manager, call=call, structure=structure)


def test_submission_requires_every_required_answer() -> None:
    call, _ = make_call()
    structure, manager = applicant()
    application = application_create(actor=manager, call=call, structure=structure)
    with pytest.raises(ValidationError) as error:
        application_submit(actor=manager, application=application, expected_version=application.version)
    assert "Réponse obligatoire" in str(error.value)


def test_answers_are_checked_against_their_type_and_limits() -> None:
    call, _ = make_call()
    structure, manager = applicant()
    application = application_create(actor=manager, call=call, structure=structure)
    keys = [q.key for q in call.questions.all()]
    bad = {keys[0]: "x" * 2001, keys[1]: "٣", keys[2]: "Autre chose", keys[3]: "peut-être"}
    with pytest.raises(ValidationError) as error:
        application_update(actor=manager, application=application, expected_version=1, answers=bad)
    messages = error.value.message_dict
    assert messages[keys[0]] == ["2001 caractères : 2000 au plus."]
    assert "chiffres de 0 à 9" in messages[keys[1]][0]
    assert messages[keys[2]] == ["Choisissez une des réponses proposées."]
    assert messages[keys[3]] == ["Répondez « oui » ou « non »."]


def test_a_submitted_application_cannot_be_edited_but_can_be_withdrawn() -> None:
    call, _ = make_call()
    application = submitted(call)
    manager = application.structure.memberships.get().user

    with pytest.raises(ValidationError, match="ne peut plus être modifiée"):
        application_update(
            actor=manager, application=application, expected_version=application.version, title="Autre titre"
        )
    with pytest.raises(ValidationError, match="ne peut plus être modifiée"):
        application_submit(actor=manager, application=application, expected_version=application.version)
    assert Application.objects.get(pk=application.pk).title == application.title

    withdrawn = application_withdraw(
        actor=manager, application=application, expected_version=application.version, reason="Projet reporté"
    )
    assert withdrawn.state == ApplicationState.WITHDRAWN
    assert [(e.old, e.new) for e in withdrawn.events.order_by("pk")] == [
        ("", "draft"), ("draft", "submitted"), ("submitted", "withdrawn")
    ]  # fmt: skip


def test_the_receipt_hash_matches_the_frozen_content() -> None:
    call, _ = make_call()
    application = Application.objects.get(pk=submitted(call).pk)

    digest = hashlib.sha256(canonical_content(application)).hexdigest()
    assert application.content_hash == digest
    assert application.receipt.endswith(digest[:10].upper())
    content = json.loads(canonical_content(application))
    assert content["reponses"] == {k: (int(v) if v.isdigit() else v) for k, v in answers(call).items()}
    # A change of the content (here, made behind the services' back) no longer matches the receipt.
    Application.objects.filter(pk=application.pk).update(title="Falsifié")
    assert hashlib.sha256(canonical_content(Application.objects.get(pk=application.pk))).hexdigest() != digest


def test_a_stale_draft_save_is_refused() -> None:
    call, _ = make_call()
    structure, manager = applicant()
    application = application_create(actor=manager, call=call, structure=structure)
    application_update(actor=manager, application=application, expected_version=1, title="Premier")
    with pytest.raises(StaleWriteError):
        application_update(actor=manager, application=application, expected_version=1, title="Second")


def test_eligibility_explains_each_criterion() -> None:
    call, _ = make_call(ess_families=["association"], min_years=3)
    scop = StructureFactory.create(scop=True, founded_on=None)
    verdicts = judge(call, scop)
    assert not verdicts.eligible
    sentences = [v.sentence for v in verdicts.verdicts]
    assert any(s.startswith("Famille de l'ESS") and "critère non rempli" in s for s in sentences)
    assert any(s.startswith("Ancienneté : date de création inconnue") for s in sentences)
    _, manager = applicant(scop)
    with pytest.raises(ValidationError, match="ne remplit pas les conditions"):
        application_create(actor=manager, call=call, structure=scop)
