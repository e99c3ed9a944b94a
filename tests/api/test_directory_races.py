"""Ten scripts at once: one conditional write of a relation or a figure wins; one score per record."""

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.api_tokens import token_create
from maillage.quality.models import RecordScore
from maillage.quality.selectors import record_score
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.concurrency.conftest import THREADS, race
from tests.structures.factories import KeyFigureFactory, RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _key(structure: Structure) -> str:
    user = StructureMembershipFactory.create(structure=structure, user=UserFactory.create()).user
    return token_create(user=user, name="script", scopes=["structures:write"]).key


def _patch(url: str, body: dict[str, Any], key: str, if_match: str) -> int:
    response = Client().patch(
        url,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "If-Match": if_match},
    )
    return response.status_code


def test_ten_patches_of_one_relation_read_at_one_version_let_one_through() -> None:
    relation = RelationFactory.create()
    key = _key(relation.source)
    etag = f'"{relation.pk}-{relation.version}"'

    statuses = race(
        lambda i: _patch(f"/api/v1/relations/{relation.pk}", {"description": f"n° {i}"}, key, etag)
    )

    assert sorted(statuses) == [200] + [412] * (THREADS - 1), statuses
    assert Relation.objects.get(pk=relation.pk).version == relation.version + 1


def test_ten_patches_of_one_figure_read_at_one_version_let_one_through() -> None:
    figure = KeyFigureFactory.create(value=Decimal("1"))
    key = _key(figure.structure)
    etag = f'"{figure.pk}-{figure.version}"'

    statuses = race(lambda i: _patch(f"/api/v1/chiffres-cles/{figure.pk}", {"valeur": 100 + i}, key, etag))

    assert sorted(statuses) == [200] + [412] * (THREADS - 1), statuses
    assert KeyFigure.objects.get(pk=figure.pk).version == figure.version + 1


def test_concurrent_edits_of_one_record_leave_one_score_that_matches_it() -> None:
    structure = StructureFactory.create(description="")
    person = UserFactory.create()
    texts = ["", "Courte.", "Une présentation assez longue. " * 10]

    def edit(index: int) -> None:
        structure_update(
            structure=Structure.objects.get(pk=structure.pk), actor=person, description=texts[index % 3]
        )

    results = race(edit)

    assert not [r for r in results if isinstance(r, Exception) and "locked" not in str(r)], results
    final = Structure.objects.get(pk=structure.pk)
    stored = record_score(final)
    assert stored is not None
    assert RecordScore.objects.filter(record_id=structure.pk).count() == 1
    description = next(f for f in stored.findings if f["key"] == "description")
    expected = {0: 0, 1: 7, 2: 15}[texts.index(final.description)] if final.description in texts else None
    assert description["points"] == expected
