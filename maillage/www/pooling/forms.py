"""Forms of the pooling pages: a loan request, a step of a booking, a condition report, a dispute."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from maillage.concurrency.forms import VersionField
from maillage.lending.enums import Category
from maillage.structures.models import Structure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A loan is asked for a few months at most: a longer period is a typing error.
LONGEST_LOAN = datetime.timedelta(days=366)


class PeriodMixin(forms.Form):
    first_day = forms.DateField(label="Premier jour", widget=DATE)
    last_day = forms.DateField(label="Dernier jour", widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last:
            if last < first:
                self.add_error("last_day", "Le dernier jour doit suivre le premier.")
            elif last - first > LONGEST_LOAN:
                self.add_error("last_day", "Une période d'un an au plus.")
        return data


class SearchForm(PeriodMixin):
    category = forms.ChoiceField(
        label="Catégorie", choices=[("", "Toutes"), *Category.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_day"].required = False
        self.fields["last_day"].required = False


class LoanRequestForm(PeriodMixin):
    requester = forms.ModelChoiceField(
        label="Pour la structure", queryset=Structure.objects.none(), empty_label=None
    )
    note = forms.CharField(
        label="Message au prêteur", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, structures: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = structures  # type: ignore[attr-defined]


class StepForm(forms.Form):
    version = VersionField()
    note = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CancelForm(StepForm):
    note = forms.CharField(label="Motif de l'annulation", widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(StepForm):
    complete = forms.BooleanField(label="Tous les éléments sont présents", required=False)
    working = forms.BooleanField(label="Le matériel fonctionne", required=False)
    remarks = forms.CharField(label="Constat", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    photo = forms.FileField(label="Photo (PNG, JPEG ou WebP)", required=False)


class ChainForm(ReportForm):
    next_booking = forms.TypedChoiceField(label="Emprunteur suivant", coerce=int, choices=())

    def __init__(self, *args: Any, next_bookings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_booking"].choices = [  # type: ignore[attr-defined]
            (b.pk, f"{b.requester.name} — à partir du {b.start:%d/%m/%Y}") for b in next_bookings
        ]


class DisputeForm(forms.Form):
    description = forms.CharField(label="Dommage constaté", widget=forms.Textarea(attrs={"rows": 4}))
