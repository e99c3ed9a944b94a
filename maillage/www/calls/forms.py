"""Forms of the calls: an application's answers, a review's scores, an assignment, a decision."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from maillage.calls.enums import Decision, QuestionKind
from maillage.calls.models import Criterion, Question
from maillage.concurrency.forms import VersionField


def report_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one, above the form otherwise."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ApplicationForm(forms.Form):
    """The draft: project title, one field per question of the call (typed), consent to be cited."""

    version = VersionField()
    title = forms.CharField(label="Titre du projet", max_length=300)

    def __init__(self, *args: Any, questions: Iterable[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question.key] = self._field(question)
        self.fields["consent_publication"] = forms.BooleanField(
            label="Si le projet est retenu, j'accepte qu'il soit cité dans le compte rendu public de l'appel",
            required=False,
        )

    @staticmethod
    def _field(question: Question) -> forms.Field:
        label = question.label + ("" if question.required else " (facultatif)")
        common: dict[str, Any] = {"label": label, "required": False, "help_text": question.help_text}
        if question.kind == QuestionKind.LONG_TEXT:
            limit = question.max_length or 5000
            hint = f"{limit} caractères au plus."
            common["help_text"] = f"{question.help_text} {hint}".strip()
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), **common)
        if question.kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(**common)
        if question.kind == QuestionKind.NUMBER:
            bounds = [f"au moins {question.min_value}" if question.min_value is not None else "",
                      f"au plus {question.max_value}" if question.max_value is not None else ""]  # fmt: skip
            hint = " et ".join(b for b in bounds if b)
            if hint:
                common["help_text"] = f"{question.help_text} Nombre entier, {hint}.".strip()
            return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
        if question.kind == QuestionKind.CHOICE:
            choices = [("", "—"), *((c, c) for c in question.choices)]
            return forms.ChoiceField(choices=choices, **common)
        return forms.ChoiceField(choices=[("", "—"), ("oui", "Oui"), ("non", "Non")], **common)

    def answers(self) -> dict[str, Any]:
        """Return the raw answers by question key (the service checks them against their question)."""
        return {name: value for name, value in self.cleaned_data.items() if name.startswith("q")}


class WithdrawForm(forms.Form):
    version = VersionField()
    reason = forms.CharField(label="Motif du retrait", max_length=300)


class AssignForm(forms.Form):
    reviewer = forms.TypedChoiceField(label="Évaluateur", coerce=int)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="Nature du conflit d'intérêts",
        max_length=300,
        help_text="Par exemple : ancien salarié, parent d'un dirigeant, projet commun en cours.",
    )


class ReviewForm(forms.Form):
    """A score and a comment per criterion; the scores are choices, so nothing out of range gets in."""

    version = VersionField()

    def __init__(self, *args: Any, criteria: Iterable[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=f"{criterion.label} : note sur {criterion.max_score} (poids {criterion.weight})",
                choices=[("", "—"), *((str(n), str(n)) for n in range(criterion.max_score + 1))],
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"{criterion.label} : commentaire",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def scores(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {c.pk: (data[f"score_{c.pk}"], data.get(f"comment_{c.pk}", "")) for c in self.criteria}


class DecisionForm(forms.Form):
    version = VersionField()
    decision = forms.ChoiceField(label="Décision", choices=Decision.choices)
    justification = forms.CharField(
        label="Motivation", max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
