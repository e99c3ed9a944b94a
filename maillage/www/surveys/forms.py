"""Forms of the surveys section: a campaign to create, a structure's answers to a campaign."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.concurrency.forms import VersionField
from maillage.structures.models import Structure
from maillage.surveys.models import (
    MAX_EXTRA_QUESTION_LENGTH,
    MAX_EXTRA_QUESTIONS,
    MAX_FREE_TEXT_LENGTH,
    Campaign,
)
from maillage.surveys.questionnaire import Question, QuestionKind, Theme, questionnaire
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_get

DEFAULT_DURATION = datetime.timedelta(days=30)
# Model errors that belong to a form field of another name.
MODEL_FIELDS = {"territory": "scope", "network": "scope", "extra_questions": "extra_questions"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CampaignForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Présentation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce que l'enquête cherche à savoir et ce que vous ferez des résultats.",
    )
    scope = forms.ChoiceField(label="Périmètre", required=False)
    other_territory = forms.CharField(
        label="Ou un territoire compris dans votre périmètre",
        required=False,
        max_length=80,
        help_text="Son identifiant, par exemple EPCI-244200770 ou DEP-42 ; il prime sur le choix ci-dessus.",
    )
    opens_on = forms.DateField(label="Ouverture le", widget=DateInput())
    closes_on = forms.DateField(label="Clôture le", widget=DateInput(), help_text="Dernier jour de réponse.")
    extra_questions = forms.CharField(
        label="Questions ouvertes (facultatives)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Une question par ligne, {MAX_EXTRA_QUESTIONS} au plus. Les réponses ne sont lues que par la "
            "coordination de l'enquête, jamais publiées."
        ),
    )

    def __init__(self, *args: Any, territories: list[Territory], networks: list[Structure], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", "— Choisir —")]
        if territories:
            choices.append(
                ("Territoires", [(f"territoire:{t.pk}", f"{t.name} ({t.pk})") for t in territories])
            )
        if networks:
            choices.append(("Réseaux", [(f"reseau:{n.pk}", n.name) for n in networks]))
        cast(forms.ChoiceField, self.fields["scope"]).choices = choices
        today = timezone.localdate()
        self.fields["opens_on"].initial = today
        self.fields["closes_on"].initial = today + DEFAULT_DURATION

    def clean_extra_questions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["extra_questions"].splitlines() if line.strip()]
        if len(lines) > MAX_EXTRA_QUESTIONS:
            raise ValidationError(f"{MAX_EXTRA_QUESTIONS} questions ouvertes au plus.")
        if any(len(line) > MAX_EXTRA_QUESTION_LENGTH for line in lines):
            raise ValidationError(f"Une question compte {MAX_EXTRA_QUESTION_LENGTH} caractères au plus.")
        return lines

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        typed = data.get("other_territory", "").strip()
        choice = data.get("scope", "")
        if typed:
            try:
                data["scope_object"] = territory_get(typed)
            except Territory.DoesNotExist:
                self.add_error("other_territory", f"Territoire inconnu : « {typed} ».")
        elif choice:
            # The choice is one of the options listed (ChoiceField checked it); the record may be gone.
            kind, _, key = choice.partition(":")
            scopes = Territory.objects if kind == "territoire" else Structure.objects
            data["scope_object"] = scopes.filter(pk=key).first()
            if data["scope_object"] is None:
                self.add_error("scope", "Ce périmètre n'existe plus.")
        else:
            self.add_error("scope", "Choisissez le territoire ou le réseau de l'enquête.")
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "La clôture ne peut précéder l'ouverture.")
        return data

    def add_model_errors(self, error: ValidationError) -> None:
        """Show the model's validation errors beside the matching fields."""
        for name, messages in error.message_dict.items():
            field = MODEL_FIELDS.get(name, name)
            self.add_error(field if field in self.fields else None, messages)


@dataclass(frozen=True)
class ThemeFields:
    theme: Theme
    fields: list[forms.BoundField]


class AnswerForm(forms.Form):
    """The questionnaire as a form: a radio group per closed question, boxes to tick, free texts."""

    def __init__(self, *args: Any, campaign: Campaign, read_only: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.themes = questionnaire(campaign.questionnaire_version).themes
        for theme in self.themes:
            for question in theme.questions:
                self.fields[question.id] = _question_field(question)
        for extra in campaign.extra_questions:
            self.fields[extra["id"]] = forms.CharField(
                label=extra["label"],
                required=False,
                max_length=MAX_FREE_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        # The version of the answers the form was filled from (0: none yet): see response_submit.
        self.fields["version"] = VersionField(required=False)
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    def theme_fields(self) -> list[ThemeFields]:
        return [ThemeFields(theme, [self[q.id] for q in theme.questions]) for theme in self.themes]

    def free_text_fields(self) -> list[forms.BoundField]:
        return [self[extra_id] for extra_id in self.campaign.extra_question_ids]

    def answers(self) -> dict[str, Any]:
        """Return the closed answers as stored: unticked multiple-choice questions left out."""
        answers: dict[str, Any] = {}
        for theme in self.themes:
            for question in theme.questions:
                value = self.cleaned_data.get(question.id)
                if value:
                    answers[question.id] = value
        return answers

    def free_texts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in self.campaign.extra_question_ids}

    def add_model_errors(self, error: ValidationError) -> None:
        """Show the answers' validation errors beside their questions."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


def _question_field(question: Question) -> forms.Field:
    choices = [(choice.id, choice.label) for choice in question.choices]
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=question.label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
        )
    return forms.ChoiceField(
        label=question.label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Répondez à cette question."},
    )


def initial_answers(answers: dict[str, Any], free_text: dict[str, str]) -> dict[str, Any]:
    """Return a stored response as the form's initial values, to revise it."""
    return {**answers, **free_text}
