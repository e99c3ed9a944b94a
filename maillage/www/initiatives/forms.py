"""Forms of the fiche: its texts and classification, a key figure with its source, a new draft."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models

from maillage.concurrency.forms import VersionField
from maillage.initiatives.enums import InnovationFamily, InnovationTag
from maillage.initiatives.models import Initiative
from maillage.structures.enums import Metric
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from maillage.territories.selectors import canonical_id

TEXTS = (
    "summary",
    "history",
    "problem",
    "response",
    "missions",
    "cooperation",
    "governance",
    "economic_model",
    "effects",
    "transferability",
)


class InitiativeForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=300)
    territory = forms.CharField(
        label="Territoire (identifiant, par ex. DEP-42, COM-42218)", max_length=40, required=False
    )
    family = forms.ChoiceField(
        label="Famille d'innovation", choices=[("", "—"), *InnovationFamily.choices], required=False
    )
    tags = forms.MultipleChoiceField(
        label="Étiquettes", choices=InnovationTag.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TEXTS:
            field = cast(models.Field[Any, Any], Initiative._meta.get_field(name))
            self.fields[name] = forms.CharField(
                label=str(field.verbose_name).capitalize(),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=str(field.help_text),
            )

    def clean_territory(self) -> Territory | None:
        raw = self.cleaned_data["territory"].strip()
        if not raw:
            return None
        territory = Territory.objects.filter(id=canonical_id(raw)).first()
        if territory is None:
            raise forms.ValidationError(f"Territoire inconnu : « {raw[:40]} ».")
        return territory

    def changes(self, initiative: Initiative) -> dict[str, Any]:
        """Return the fields whose value differs from the fiche's."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("title", "territory", "family", "tags", *TEXTS)
            if getattr(initiative, name) != data[name]
        }


def initiative_values(initiative: Initiative) -> dict[str, Any]:
    return {
        "title": initiative.title,
        "territory": initiative.territory_id or "",
        "family": initiative.family,
        "tags": list(initiative.tags),
        **{name: getattr(initiative, name) for name in TEXTS},
    }


class NewInitiativeForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=300)
    carrier: forms.ModelChoiceField[Structure] = forms.ModelChoiceField(
        label="Structure porteuse", queryset=Structure.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, carriers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Structure], self.fields["carrier"]).queryset = carriers


class FigureForm(forms.Form):
    metric = forms.ChoiceField(label="Indicateur", choices=Metric.choices)
    year = forms.IntegerField(label="Année", min_value=1900, max_value=2100)
    value = forms.DecimalField(label="Valeur", min_value=0, max_digits=15, decimal_places=2)
    qualifier = forms.CharField(
        label="Qualificatif (« plus de », « environ »…)", max_length=50, required=False
    )
    source_label = forms.CharField(label="Source (document)", max_length=300, required=False)
    source_date = forms.DateField(label="Date de la source", required=False)


class PartnerForm(forms.Form):
    version = VersionField()
    structure = forms.SlugField(
        label="Structure partenaire (adresse courte dans l'annuaire)", max_length=200,
        help_text="La fin de l'adresse de sa fiche : /structures/<adresse courte>/.",
    )  # fmt: skip
    role_label = forms.CharField(label="Son rôle", max_length=200, required=False)

    def clean_structure(self) -> Structure:
        slug = self.cleaned_data["structure"]
        structure = Structure.objects.filter(slug=slug, withdrawn_at__isnull=True).first()
        if structure is None:
            raise forms.ValidationError(f"Aucune structure de l'annuaire n'a l'adresse « {slug} ».")
        return structure


class EssaimageForm(forms.Form):
    version = VersionField()
    adopter_initiative = forms.SlugField(
        label="Initiative qui l'a reprise (adresse courte)", max_length=120, required=False
    )
    adopter_structure = forms.SlugField(
        label="ou structure qui l'a reprise (adresse courte dans l'annuaire)", max_length=200, required=False
    )
    started_on = forms.DateField(
        label="Depuis le", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="Ce qui a été repris ou adapté", max_length=300, required=False)

    def clean_adopter_initiative(self) -> Initiative | None:
        slug = self.cleaned_data["adopter_initiative"]
        found = Initiative.objects.filter(slug=slug).first() if slug else None
        if slug and found is None:
            raise forms.ValidationError(f"Aucune initiative n'a l'adresse « {slug} ».")
        return found

    def clean_adopter_structure(self) -> Structure | None:
        slug = self.cleaned_data["adopter_structure"]
        found = Structure.objects.filter(slug=slug, withdrawn_at__isnull=True).first() if slug else None
        if slug and found is None:
            raise forms.ValidationError(f"Aucune structure de l'annuaire n'a l'adresse « {slug} ».")
        return found


class RemoveForm(forms.Form):
    version = VersionField()
