"""A merge of duplicate structures keeps their survey answers."""

from collections.abc import Callable

from maillage.accounts.models import User
from maillage.history.merge import structure_merge
from maillage.structures.models import Structure
from maillage.surveys.models import Campaign, Response
from tests.surveys.factories import CampaignFactory, ResponseFactory


def test_the_kept_structure_inherits_the_duplicates_answers(
    campaign: Campaign, coordinator: User, make_structure: Callable[..., Structure]
) -> None:
    keep = make_structure(name="Théâtre des Pénitents")
    duplicate = make_structure(name="Theatre des Penitents")
    ResponseFactory.create(campaign=campaign, structure=duplicate)

    structure_merge(keep=keep, duplicate=duplicate, actor=coordinator)

    assert list(Response.objects.filter(campaign=campaign).values_list("structure_id", flat=True)) == [
        keep.pk
    ]


def test_the_kept_structures_own_answer_wins_when_both_answered(
    campaign: Campaign, coordinator: User, make_structure: Callable[..., Structure]
) -> None:
    keep = make_structure(name="Théâtre des Pénitents")
    duplicate = make_structure(name="Theatre des Penitents")
    own = ResponseFactory.create(campaign=campaign, structure=keep)
    ResponseFactory.create(campaign=campaign, structure=duplicate)
    other: Campaign = CampaignFactory.create(territory=campaign.territory, created_by=coordinator)
    ResponseFactory.create(campaign=other, structure=duplicate)

    structure_merge(keep=keep, duplicate=duplicate, actor=coordinator)

    assert list(Response.objects.filter(campaign=campaign).values_list("pk", flat=True)) == [own.pk]
    assert Response.objects.get(campaign=other).structure_id == keep.pk
