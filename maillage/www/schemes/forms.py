"""The edit form of a scheme: its main fields, the territories as our ids, the version it was read at."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone

from maillage.concurrency.forms import VersionField
from maillage.schemes.enums import Instrument, Target
from maillage.schemes.models import Scheme
from maillage.schemes.needs import need_labels
from maillage.territories.models import Territory

# The fields the form writes, in the order of the page; the dates are days on the page, instants stored.
EDITED = (
    "title",
    "promise",
    "description",
    "eligibility",
    "url_source",
    "opens_at",
    "closes_at",
    "geo_codes",
    "targets",
    "needs",
    "instruments",
)
DATES = ("opens_at", "closes_at")
_CODE = re.compile(r"[A-Z]{2,10}-[0-9A-Z_-]{1,20}")
REQUIRED = "Ce champ est obligatoire."


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _instant(day: datetime.date | None, *, end: bool) -> datetime.datetime | None:
    if day is None:
        return None
    moment = datetime.time(23, 59, 59) if end else datetime.time(0, 0)
    return timezone.make_aware(datetime.datetime.combine(day, moment))


def scheme_values(scheme: Scheme) -> dict[str, Any]:
    """Return the scheme's edited fields as the form shows them."""
    values = {name: getattr(scheme, name) for name in EDITED}
    values.update({name: _day(getattr(scheme, name)) for name in DATES})
    values["geo_codes"] = " ".join(scheme.geo_codes)
    return values


class SchemeForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=300, error_messages={"required": REQUIRED})
    promise = forms.CharField(
        label="Promesse",
        max_length=180,
        required=False,
        help_text="Ce que le dispositif apporte, en une phrase (180 caractères au plus).",
    )
    description = forms.CharField(
        label="Description", max_length=5000, widget=forms.Textarea, error_messages={"required": REQUIRED}
    )
    eligibility = forms.CharField(
        label="Éligibilité", widget=forms.Textarea, error_messages={"required": REQUIRED}
    )
    url_source = forms.URLField(
        label="Lien vers la page du porteur",
        max_length=1000,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Saisissez une adresse web complète, par exemple https://exemple.fr/aide."
        },
    )
    opens_at = forms.DateField(
        label="Ouverture",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Saisissez une date, par exemple 31/12/2026."},
    )
    closes_at = forms.DateField(
        label="Clôture",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Saisissez une date, par exemple 31/12/2026."},
    )
    geo_codes = forms.CharField(
        label="Territoires",
        max_length=2000,
        help_text="Identifiants des territoires couverts, séparés par des espaces (ex. : DEP-42 REG-84).",
        error_messages={"required": "Indiquez au moins un territoire."},
    )
    targets = forms.MultipleChoiceField(
        label="Publics",
        choices=Target.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un public."},
    )
    needs = forms.MultipleChoiceField(
        label="Besoins auxquels il répond", required=False, widget=forms.CheckboxSelectMultiple
    )
    instruments = forms.MultipleChoiceField(
        label="Instruments de finance solidaire",
        choices=Instrument.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].choices = list(need_labels().items())  # type: ignore[attr-defined]

    def clean_geo_codes(self) -> list[str]:
        codes = list(dict.fromkeys(self.cleaned_data["geo_codes"].upper().replace(",", " ").split()))
        garbled = [c for c in codes if not _CODE.fullmatch(c)]
        if garbled:
            raise forms.ValidationError(f"Identifiant de territoire illisible : {', '.join(garbled)}.")
        known = set(Territory.objects.filter(pk__in=codes).values_list("pk", flat=True))
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(f"Territoire inconnu : {', '.join(unknown)}.")
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes < opens:
            self.add_error("closes_at", "La clôture ne peut pas précéder l'ouverture.")
        return data

    def changes(self, scheme: Scheme) -> dict[str, Any]:
        """Return the fields whose value differs from the scheme's, as the service takes them."""
        current = scheme_values(scheme)
        current["geo_codes"] = list(scheme.geo_codes)
        changed: dict[str, Any] = {}
        for name in EDITED:
            value = self.cleaned_data[name]
            if value != current[name]:
                changed[name] = value
        for name in DATES:
            if name in changed:
                changed[name] = _instant(changed[name], end=name == "closes_at")
        return changed
