"""Factories of needs surveys: campaigns over a territory or a network, and complete answers."""

import datetime
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from maillage.surveys.models import Campaign, Response
from maillage.surveys.questionnaire import LEVEL_NONE, QuestionKind, questionnaire


def answers(**chosen: Any) -> dict[str, Any]:
    """Return a complete answer: no need anywhere, unless a question is given another value."""
    complete: dict[str, Any] = {}
    for theme in questionnaire().themes:
        for question in theme.questions:
            if question.kind == QuestionKind.LEVEL:
                complete[question.id] = LEVEL_NONE
            elif question.kind == QuestionKind.YES_NO:
                complete[question.id] = "non"
    complete.update(chosen)
    return complete


class CampaignFactory(DjangoModelFactory[Campaign]):
    """An open campaign: opened ten days ago, closing in twenty."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"Enquête de besoins n° {n}")
    description = "Les besoins des structures culturelles du territoire."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))

    class Params:
        closed = factory.Trait(
            opens_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60)),
            closes_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30)),
        )
        draft = factory.Trait(
            opens_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5)),
            closes_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=35)),
        )


class ResponseFactory(DjangoModelFactory[Response]):
    class Meta:
        model = Response

    campaign = factory.SubFactory(CampaignFactory)
    answers = factory.LazyFunction(answers)
