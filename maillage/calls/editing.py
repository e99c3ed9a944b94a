"""Writing a call from its page: who may, the questionnaire and criteria as lines, the versioned edit.

The page writes questions and criteria one per line (no script needed to add a row): a criterion is
"Libellé ; poids ; note maximale", a question "Libellé ; type" with "; facultative" when it may be left
blank, and a choice question's answers after "choix :", separated by "/". Limits (lengths, bounds)
and help texts are set in the admin and kept for a question or criterion whose label stays. Once an
application exists both are frozen: answers and scores refer to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.calls import rules
from maillage.calls.enums import QuestionKind
from maillage.calls.models import Call, Criterion, Question
from maillage.concurrency.versions import versioned_update
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.structures.models import Structure

KINDS = {
    "texte court": QuestionKind.SHORT_TEXT,
    "texte long": QuestionKind.LONG_TEXT,
    "nombre": QuestionKind.NUMBER,
    "oui ou non": QuestionKind.YES_NO,
}
KIND_WORDS: dict[str, str] = {str(kind): word for word, kind in KINDS.items()}
OPTIONAL = "facultative"
QUESTION_EXTRAS = ("help_text", "max_length", "min_value", "max_value")
FROZEN_FORM = (
    "Des candidatures ont déjà été ouvertes : les questions et les critères ne changent plus (leurs "
    "réponses et leurs notes s'y rapportent)."
)


def may_organise(user: Any, structure: Structure) -> bool:
    """Tell whether the person may open a call in the structure's name: staff, or one of its managers."""
    return bool(getattr(user, "is_staff", False)) or can(user, Action.MANAGE_MEMBERS, structure)


def parse_criteria(text: str) -> list[dict[str, Any]]:
    """Read "Libellé ; poids ; note maximale" lines (weight 1 and 10 points by default)."""
    criteria, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, *numbers = (part.strip() for part in line.split(";"))
        values = [n for n in numbers if n]
        if not label or len(values) > 2 or not all(n.isascii() and n.isdigit() for n in values):
            errors.append(f"Ligne {number} : attendu « Libellé ; poids ; note maximale » en chiffres.")
            continue
        weight, top = (int(values[0]) if values else 1), (int(values[1]) if len(values) > 1 else 10)
        if not 1 <= weight <= 100 or not 1 <= top <= 100:
            errors.append(f"Ligne {number} : poids et note maximale vont de 1 à 100.")
            continue
        criteria.append({"label": label[:200], "weight": weight, "max_score": top})
    if errors:
        raise ValidationError({"criteria": errors})
    return criteria


def parse_questions(text: str) -> list[dict[str, Any]]:
    """Read "Libellé ; type [; facultative]" lines, a choice's answers as "choix : A / B"."""
    questions, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        required = not (len(parts) > 2 and parts[-1].lower() == OPTIONAL)
        label, kind = parts[0], (parts[1] if len(parts) > 1 else "texte long")
        question: dict[str, Any] = {"label": label[:300], "required": required}
        if kind.lower().startswith("choix"):
            choices = [c.strip() for c in kind.partition(":")[2].split("/") if c.strip()]
            if len(choices) < 2:
                errors.append(
                    f"Ligne {number} : un choix propose au moins deux réponses (« choix : A / B »)."
                )
                continue
            question.update(kind=QuestionKind.CHOICE, choices=choices)
        elif kind.lower() in KINDS:
            question["kind"] = KINDS[kind.lower()]
        else:
            errors.append(
                f"Ligne {number} : type « {kind} » inconnu "
                "(texte court, texte long, nombre, oui ou non, choix : …)."
            )
            continue
        if not label:
            errors.append(f"Ligne {number} : la question manque.")
            continue
        questions.append(question)
    if errors:
        raise ValidationError({"questions": errors})
    return questions


def criteria_text(call: Call) -> str:
    return "\n".join(f"{c.label} ; {c.weight} ; {c.max_score}" for c in call.criteria.all())


def questions_text(call: Call) -> str:
    lines = []
    for q in call.questions.all():
        kind = f"choix : {' / '.join(q.choices)}" if q.kind == QuestionKind.CHOICE else KIND_WORDS[q.kind]
        lines.append(f"{q.label} ; {kind}" + ("" if q.required else f" ; {OPTIONAL}"))
    return "\n".join(lines)


def _same(existing: Sequence[Any], given: Sequence[Mapping[str, Any]]) -> bool:
    return [{k: getattr(item, k) for k in new} for item, new in zip(existing, given, strict=False)] == list(
        given
    ) and len(existing) == len(given)


def call_edit(
    *,
    actor: Any,
    call: Call,
    expected_version: int,
    organiser: Structure | None = None,
    questions: Sequence[Mapping[str, Any]] | None = None,
    criteria: Sequence[Mapping[str, Any]] | None = None,
    **changes: Any,
) -> Call:
    """Write the call's changed fields, organiser, questions and criteria at `expected_version`."""
    if not can(actor, rules.MANAGE, call):
        raise PermissionDenied("Seuls les organisateurs de l'appel et l'équipe du site le modifient.")
    if organiser is not None and not may_organise(actor, organiser):
        raise PermissionDenied(
            f"Vous ne gérez pas « {organiser.name} » : elle ne peut organiser l'appel par vous."
        )
    with transaction.atomic():
        for name, value in changes.items():
            setattr(call, name, value)
        call.full_clean(exclude=["organisers", "disciplines"])
        # The version moves even when only the questionnaire changes: a reader's copy is stale then too.
        versioned_update(call, expected_version=expected_version, fields=changes)
        if organiser is not None:
            call.organisers.set([organiser])
        new_questions = questions is not None and not _same(list(call.questions.all()), questions)
        new_criteria = criteria is not None and not _same(list(call.criteria.all()), criteria)
        if (new_questions or new_criteria) and call.applications.exists():
            raise ValidationError(FROZEN_FORM)
        if new_questions:
            # A question kept by its label keeps what the lines do not say (help, length, bounds).
            kept = {q.label: q for q in call.questions.all()}
            call.questions.all().delete()
            for position, question in enumerate(questions or ()):
                before = kept.get(question["label"])
                extra = {name: getattr(before, name) for name in QUESTION_EXTRAS} if before else {}
                Question(call=call, position=position, **{**extra, **question}).save()
        if new_criteria:
            described = {c.label: c.description for c in call.criteria.all()}
            call.criteria.all().delete()
            for position, criterion in enumerate(criteria or ()):
                description = described.get(criterion["label"], "")
                Criterion(call=call, position=position, description=description, **criterion).save()
    return call
