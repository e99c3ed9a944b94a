"""Who set each field: people's edits are marked theirs, even those made before provenance existed."""

import importlib

import pytest
from django.apps import apps

from maillage.accounts.personal_data import delete_account, export_user_data
from maillage.structures.models import Structure
from maillage.structures.services import structure_create, structure_update
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("maillage.history.migrations.0002_person_field_sources").backfill


def test_a_persons_edit_marks_only_the_fields_they_changed():
    structure = structure_create(name="Le Fil", website="https://le-fil.example")
    person = UserFactory.create()

    structure_update(structure=structure, name="Le Fil", phone="04 77 00 00 00", actor=person)

    assert set(structure.field_sources) == {"phone"}
    assert structure.field_sources["phone"]["kind"] == "person"
    assert structure.field_sources["phone"]["by"] == person.pk


def test_the_upgrade_reads_earlier_edits_from_the_history():
    """Edits made before the upgrade are found in the history: the next import leaves them alone."""
    structure = structure_create(name="Association numéro 1")  # an import: not a person
    person = UserFactory.create()
    structure_update(structure=structure, name="Le Fil", actor=person)
    Structure.objects.update(field_sources={})

    backfill(apps, None)

    structure.refresh_from_db()
    assert list(structure.field_sources) == ["name"]
    assert structure.field_sources["name"]["kind"] == "person"
    assert structure.field_sources["name"]["by"] == person.pk


def test_the_fields_a_person_set_are_in_their_export_and_forgotten_with_their_account():
    structure = structure_create(name="Le Fil")
    person = UserFactory.create()
    structure_update(structure=structure, phone="04 77 00 00 00", actor=person)

    assert export_user_data(person)["sources"]["champs_saisis"] == [{"fiche": "Le Fil", "champs": ["phone"]}]
    delete_account(person)

    structure.refresh_from_db()
    assert structure.phone == "04 77 00 00 00"
    assert structure.field_sources["phone"]["kind"] == "person"  # still a person's: no import takes it
    assert structure.field_sources["phone"]["by"] is None
