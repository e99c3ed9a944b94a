"""A call's typed questions: answers checked against each question's type and limits, in French."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError

from maillage.calls.enums import QuestionKind
from maillage.calls.models import Question

DIGITS = re.compile(r"-?[0-9]{1,9}")
YES, NO = "oui", "non"


def clean_answer(question: Question, raw: Any) -> Any:
    """Return the answer as stored (text, int, choice, "oui"/"non"), or raise ValidationError; "" is none."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return ""
    if question.kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
        limit = question.max_length or (300 if question.kind == QuestionKind.SHORT_TEXT else 5000)
        if len(text) > limit:
            raise ValidationError(f"{len(text)} caractères : {limit} au plus.")
        return text
    if question.kind == QuestionKind.NUMBER:
        if not DIGITS.fullmatch(text):
            raise ValidationError("Attendu : un nombre entier écrit en chiffres de 0 à 9.")
        number = int(text)
        if question.min_value is not None and number < question.min_value:
            raise ValidationError(f"Au moins {question.min_value}.")
        if question.max_value is not None and number > question.max_value:
            raise ValidationError(f"Au plus {question.max_value}.")
        return number
    if question.kind == QuestionKind.CHOICE:
        if text not in question.choices:
            raise ValidationError("Choisissez une des réponses proposées.")
        return text
    if text not in {YES, NO}:
        raise ValidationError("Répondez « oui » ou « non ».")
    return text


def clean_answers(questions: Iterable[Question], raw: Mapping[str, Any], *, complete: bool) -> dict[str, Any]:
    """Check every answer; with `complete`, every required question must be answered (at submission)."""
    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        try:
            value = clean_answer(question, raw.get(question.key))
        except ValidationError as error:
            errors[question.key] = error.messages
            continue
        if value == "" and complete and question.required:
            errors[question.key] = ["Réponse obligatoire pour déposer la candidature."]
        if value != "":
            answers[question.key] = value
    if errors:
        raise ValidationError(errors)
    return answers
