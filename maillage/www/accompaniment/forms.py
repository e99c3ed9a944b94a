"""Forms of the accompaniment pages: each parses one step of a case, with the version read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from maillage.accompaniment.enums import CloseReason, ShareScope
from maillage.accompaniment.models import AttachmentKind, Body
from maillage.schemes.needs import need_labels
from maillage.search.params import is_ascii_digits

MONEY = {"max_digits": 10, "decimal_places": 2, "min_value": Decimal(0)}


class AsciiIntegerField(forms.IntegerField):
    """An integer written with the digits 0 to 9 only (maillage.search.params)."""

    def to_python(self, value: Any) -> int | None:
        if value not in self.empty_values and not is_ascii_digits(str(value).strip()):
            raise ValidationError("Écrivez un nombre entier avec les chiffres de 0 à 9.", code="invalid")
        return super().to_python(value)


class VersionForm(forms.Form):
    version = AsciiIntegerField(widget=forms.HiddenInput, min_value=1, max_value=10**9)


class AdvanceForm(VersionForm):
    close_reason = forms.ChoiceField(
        label="Clore le dossier (motif)",
        choices=[("", "Non : passer à la phase suivante"), *CloseReason.choices],
        required=False,
    )


class DiagnosticForm(VersionForm):
    needs = forms.MultipleChoiceField(
        label="Besoins repérés", widget=forms.CheckboxSelectMultiple, choices=[]
    )
    summary = forms.CharField(label="Synthèse du diagnostic partagé", widget=forms.Textarea, max_length=5000)
    on = forms.DateField(
        label="Date du diagnostic", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = list(need_labels().items())  # type: ignore[attr-defined]


class PlanForm(VersionForm):
    objectives = forms.CharField(label="Objectifs du plan", widget=forms.Textarea, max_length=5000)
    budget = forms.DecimalField(label="Budget du plan (€)", required=False, **MONEY)  # type: ignore[arg-type]
    schemes = forms.MultipleChoiceField(
        label="Dispositifs proposés", widget=forms.CheckboxSelectMultiple, choices=[], required=False
    )

    def __init__(self, *args: Any, schemes: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["schemes"].choices = [(str(pk), title) for pk, title in schemes]  # type: ignore[attr-defined]


class ActionForm(VersionForm):
    title = forms.CharField(label="Intitulé de l'action", max_length=200)
    consultant_email = forms.EmailField(
        label="Courriel du ou de la prestataire (compte maillage)", required=False
    )
    consultant_name = forms.CharField(label="Cabinet ou prestataire", max_length=200, required=False)
    starts_on = forms.DateField(label="Début", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Fin", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.DecimalField(label="Jours", max_digits=6, decimal_places=1, min_value=Decimal(0))
    cost = forms.DecimalField(label="Coût (€)", **MONEY)  # type: ignore[arg-type]
    structures = forms.MultipleChoiceField(
        label="Structures concernées (plusieurs : action collective)",
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    deliverables = forms.CharField(label="Livrables", widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args: Any, structures: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["structures"].choices = [(str(pk), name) for pk, name in structures]  # type: ignore[attr-defined]


class CheckpointForm(VersionForm):
    note = forms.CharField(label="Ce qui a changé", widget=forms.Textarea, max_length=5000)
    employees = forms.DecimalField(
        label="Emplois (ETP)", max_digits=8, decimal_places=1, min_value=Decimal(0), required=False
    )
    budget = forms.DecimalField(
        label="Budget (€)", required=False, max_digits=14, decimal_places=2, min_value=Decimal(0)
    )


class ShareForm(forms.Form):
    grantee = forms.ModelChoiceField(label="Partager avec", queryset=Body.objects.none())
    scope = forms.ChoiceField(label="Étendue", choices=ShareScope.choices)

    def __init__(self, *args: Any, exclude: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bodies = Body.objects.exclude(pk=exclude).select_related("structure")
        self.fields["grantee"].queryset = bodies  # type: ignore[attr-defined]


class OpenForm(forms.Form):
    title = forms.CharField(label="Intitulé du dossier", max_length=200)
    beneficiaries = forms.MultipleChoiceField(
        label="Structures accompagnées (leur gestionnaire a donné son accord)",
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    def __init__(self, *args: Any, structures: list[tuple[int, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["beneficiaries"].choices = [(str(pk), name) for pk, name in structures]  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Structure d'accompagnement", queryset=Body.objects.select_related("structure")
    )


class AttachmentForm(forms.Form):
    """A document for the case, or for one of its actions."""

    file = forms.FileField(label="Fichier (PDF, ODT, ODS, DOCX, XLSX, PNG ou JPEG ; 10 Mo au plus)")
    kind = forms.ChoiceField(label="Nature", choices=AttachmentKind.choices)
    intervention = forms.ChoiceField(label="Action concernée", required=False)

    def __init__(self, *args: Any, actions: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [  # type: ignore[attr-defined]
            ("", "Le dossier entier"),
            *((str(pk), t) for pk, t in actions or []),
        ]


class CheckpointMonthsForm(VersionForm):
    """When a body's follow-up checkpoints fall due, in months after the diagnostic."""

    months = forms.CharField(
        label="Points de suivi, en mois après le diagnostic (séparés par des virgules)",
        max_length=60,
        help_text="De 1 à 6 points, chacun de 1 à 60 mois ; par exemple « 12, 18 ».",
    )

    def clean_months(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["months"].split(",") if p.strip()]
        if not parts or not all(is_ascii_digits(p) and len(p) <= 2 for p in parts):
            raise ValidationError(
                "Écrivez des nombres de mois avec les chiffres de 0 à 9, séparés par des virgules."
            )
        return [int(p) for p in parts]
