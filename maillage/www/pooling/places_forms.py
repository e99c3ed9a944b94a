"""Forms of the shared places' pages: the day to show, an hour-slot request, the month of occupancy."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from maillage.structures.models import Structure
from maillage.www.pooling.forms import DATE

TIME = forms.TimeInput(attrs={"type": "time", "step": "900"}, format="%H:%M")
# Days farther than this are a typing error (a year of 2205), not a plan.
FARTHEST = datetime.timedelta(days=10 * 366)


class DayForm(forms.Form):
    jour = forms.DateField(label="Jour", widget=DATE, required=False)

    def clean_jour(self) -> datetime.date | None:
        day = self.cleaned_data.get("jour")
        if day and abs(day - timezone.localdate()) > FARTHEST:
            raise forms.ValidationError("Choisissez un jour dans les dix ans.")
        return day


class SlotRequestForm(forms.Form):
    requester = forms.ModelChoiceField(
        label="Pour la structure", queryset=Structure.objects.none(), empty_label=None
    )
    day = forms.DateField(label="Jour", widget=DATE)
    start = forms.TimeField(label="De", widget=TIME)
    end = forms.TimeField(label="À", widget=TIME)
    note = forms.CharField(label="Message au lieu", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, structures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = structures  # type: ignore[attr-defined]

    def clean_day(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["day"]
        if abs(day - timezone.localdate()) > FARTHEST:
            raise forms.ValidationError("Choisissez un jour dans les dix ans.")
        return day
