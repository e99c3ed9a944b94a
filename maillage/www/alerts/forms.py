"""The form that saves a search as an alert."""

from django import forms

from maillage.alerts.models import Frequency


class AlertForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Un lien de confirmation y sera envoyé : rien ne part avant que vous l'ayez ouvert.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label="Fréquence", choices=Frequency.choices, initial=Frequency.WEEKLY, widget=forms.RadioSelect
    )
    # The search's own parameters, as the search page's query string: kept apart from the form's fields.
    recherche = forms.CharField(required=False, max_length=4000, widget=forms.HiddenInput)
