"""The hidden version field of edit forms: the version of the record the form was filled from."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_DIGITS = re.compile(r"[0-9]{1,9}")


class VersionField(forms.Field):
    """A hidden version number, ASCII digits only; missing or garbled, the form asks for a reload."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": "La version de la fiche manque : rechargez la page avant d'enregistrer.",
        "invalid": "La version de la fiche est illisible : rechargez la page avant d'enregistrer.",
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if not isinstance(value, str | int) or not _DIGITS.fullmatch(str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)
