"""The registration form: name, e-mail, structure (the minimum), and the session if the event has some."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.events.models import Event, Session


class RegistrationForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=200)
    email = forms.EmailField(label="Courriel")
    structure_name = forms.CharField(label="Structure (facultatif)", max_length=255, required=False)
    session = forms.ModelChoiceField(
        label="Séance", queryset=Session.objects.none(), required=False, empty_label="L'événement entier"
    )

    def __init__(self, *args: Any, event: Event, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sessions = Session.objects.filter(event=event, capacity__isnull=False)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        if not sessions.exists():
            del self.fields["session"]
        if user is not None and getattr(user, "is_authenticated", False) and not self.is_bound:
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("name", getattr(user, "display_name", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("session", None)
        return data
