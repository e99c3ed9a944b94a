"""The needs a scheme answers: the themes of the needs questionnaire, so answers and schemes meet."""

from __future__ import annotations

from functools import cache

from maillage.surveys.questionnaire import NEED_ANSWERS, QuestionKind, questionnaire


@cache
def need_labels() -> dict[str, str]:
    """Return the need categories (questionnaire theme ids) and their French titles."""
    return {theme.id: theme.title for theme in questionnaire().themes}


def needs_in_answers(answers: dict[str, object], version: int | None = None) -> set[str]:
    """Return the themes where a survey's answers express a need (strong or moderate, or a "oui")."""
    found = set()
    themes = questionnaire(version).themes if version else questionnaire().themes
    for theme in themes:
        for question in theme.questions:
            if question.kind == QuestionKind.MULTIPLE:
                continue
            if answers.get(question.id) in NEED_ANSWERS[question.kind]:
                found.add(theme.id)
    return found
