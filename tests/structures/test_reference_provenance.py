"""The reference data never overwrites what a person set on a seed structure: it proposes the change."""

import dataclasses

import pytest
from django.test import Client
from django.urls import reverse

from maillage.history.models import Revision
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import DataSource, SourceChangeState
from maillage.structures.models import SourceChange, Structure
from maillage.structures.reference.loader import ReferenceLoader
from maillage.structures.reference.schema import ReferenceData
from maillage.structures.reference.structures import STRUCTURES
from maillage.structures.services import structure_update
from tests.accounts.factories import StructureMembershipFactory

pytestmark = pytest.mark.django_db


def load(*facts) -> None:
    ReferenceLoader(ReferenceData(structures=list(facts), relations=[], key_figures=[])).run()


def test_a_managers_presentation_survives_the_next_reference_load() -> None:
    ufisc = next(fact for fact in STRUCTURES if fact.key == "ufisc")
    load(ufisc)
    structure = Structure.objects.get(source=DataSource.REFERENCE_SEED, source_id="ufisc")
    manager = StructureMembershipFactory.create(structure=structure, role=MemberRole.MANAGER).user
    structure_update(structure=structure, description="Présentation écrite par l'équipe.", actor=manager)

    load(dataclasses.replace(ufisc, description="Présentation révisée.", website="https://www.ufisc.org"))

    structure.refresh_from_db()
    assert structure.description == "Présentation écrite par l'équipe."
    assert structure.website == "https://www.ufisc.org"
    change = SourceChange.objects.get(structure=structure, state=SourceChangeState.PENDING)
    assert (change.source, change.proposed) == ("reference", {"description": "Présentation révisée."})
    line = Revision.objects.filter(structure=structure, via="import").latest("created_at")
    assert line.comment == "via les données de référence"
    assert "website" in line.changes
    assert "description" not in line.changes
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("structures:detail", args=[structure.slug])).content.decode()
    assert "Le jeu de référence dit désormais" in page
