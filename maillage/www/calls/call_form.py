"""The form of a call's page: its text, dates, eligibility basics, organiser, questions and criteria."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.calls.editing import criteria_text, parse_criteria, parse_questions, questions_text
from maillage.calls.models import Call
from maillage.concurrency.forms import VersionField
from maillage.structures.models import Structure
from maillage.territories.models import Territory

# The call's own fields the page writes (the others: the admin, or the deliberation's services).
EDITED = (
    *("title", "summary", "territory", "opens_at", "closes_at", "review_until", "decision_on"),
    *("anonymised", "reviews_per_application", "min_years", "esus_only"),
)
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.Form):
    version = VersionField(required=False)
    title = forms.CharField(label="Titre de l'appel", max_length=300)
    summary = forms.CharField(label="Présentation", widget=forms.Textarea(attrs={"rows": 6}))
    organiser = forms.TypedChoiceField(label="Structure organisatrice", coerce=int)
    territory = forms.CharField(
        label="Territoire (identifiant)", required=False, max_length=80,
        help_text="L'identifiant d'un territoire de maillage, tel COM-42218 (une commune) ; vide : partout.",
    )  # fmt: skip
    opens_at = forms.DateTimeField(label="Ouverture des candidatures", widget=DATETIME)
    closes_at = forms.DateTimeField(label="Clôture des candidatures", widget=DATETIME)
    review_until = forms.DateField(label="Fin de l'évaluation", widget=DATE)
    decision_on = forms.DateField(label="Date de décision", widget=DATE)
    anonymised = forms.BooleanField(
        label="Évaluation anonyme : les évaluateurs ne voient pas l'identité des candidats", required=False
    )
    reviews_per_application = forms.IntegerField(
        label="Évaluations par candidature", min_value=1, max_value=20
    )
    min_years = forms.IntegerField(
        label="Années d'existence minimales", required=False, min_value=0, max_value=200
    )
    esus_only = forms.BooleanField(label="Réservé aux entreprises agréées ESUS", required=False)
    questions = forms.CharField(
        label="Questions du dossier", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une par ligne : « Libellé ; type », type parmi texte court, texte long, nombre, oui ou "
        "non, « choix : A / B / C » ; ajoutez « ; facultative » si elle peut rester sans réponse.",
    )  # fmt: skip
    criteria = forms.CharField(
        label="Critères de notation", widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un par ligne : « Libellé ; poids ; note maximale », par exemple « Coopération ; 2 ; 10 ».",
    )  # fmt: skip

    def __init__(self, *args: Any, organisers: list[Structure], staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [  # type: ignore[attr-defined]
            *([("", "—")] if staff else []),
            *((s.pk, s.name) for s in organisers),
        ]
        self.organisers = {s.pk: s for s in organisers}
        if staff:
            # The site's team opens calls for any structure: named by its address in the directory.
            self.fields["organiser"].required = False
            self.fields["organiser_slug"] = forms.SlugField(
                label="ou toute structure de l'annuaire (adresse courte)", max_length=200, required=False,
                help_text="Pour l'équipe du site : la fin de l'adresse de sa fiche (/structures/…/).",
            )  # fmt: skip
            self.order_fields([*list(self.fields)[:4], "organiser_slug"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug = data.get("organiser_slug")
        if slug:
            found = Structure.objects.filter(slug=slug, withdrawn_at__isnull=True).first()
            if found is None:
                self.add_error("organiser_slug", f"Aucune structure de l'annuaire n'a l'adresse « {slug} ».")
            else:
                self.organisers[found.pk] = found
                data["organiser"] = found.pk
        elif "organiser_slug" in self.fields and not data.get("organiser") and "organiser" not in self.errors:
            self.add_error("organiser", "Choisissez la structure organisatrice.")
        return data

    def clean_territory(self) -> Territory | None:
        code = self.cleaned_data["territory"].strip()
        if not code:
            return None
        territory = Territory.objects.filter(pk=code).first()
        if territory is None:
            raise forms.ValidationError(f"Aucun territoire n'a le code « {code} ».")
        return territory

    def clean_questions(self) -> list[dict[str, Any]]:
        return _lines(parse_questions, self.cleaned_data["questions"])

    def clean_criteria(self) -> list[dict[str, Any]]:
        criteria = _lines(parse_criteria, self.cleaned_data["criteria"])
        if not criteria:
            raise forms.ValidationError("Un appel a au moins un critère de notation.")
        return criteria

    def values(self) -> dict[str, Any]:
        """Return the call's own fields as the services take them."""
        return {name: self.cleaned_data[name] for name in EDITED}


def _lines(parse: Any, text: str) -> list[dict[str, Any]]:
    try:
        return list(parse(text))
    except forms.ValidationError as error:
        raise forms.ValidationError(
            [m for messages in error.message_dict.values() for m in messages]
        ) from error


def initial_of(call: Call) -> dict[str, Any]:
    """Return the form's values for the call as it is saved."""
    values: dict[str, Any] = {name: getattr(call, name) for name in EDITED}
    values["territory"] = call.territory_id or ""
    first = call.organisers.first()
    return {
        **values, "version": call.version, "organiser": first.pk if first else None,
        "questions": questions_text(call), "criteria": criteria_text(call),
    }  # fmt: skip
