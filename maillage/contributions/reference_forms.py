"""Forms whose text fields name records: suggestions as one types, a choice list when several match."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.urls import reverse

from maillage.contributions.references import AmbiguousReferenceError


class ReferenceForm(forms.Form):
    """A form whose text fields name records: several matches become a choice list (`ambiguous`)."""

    # Required fields carry this class on their field group: the label then says "obligatoire".
    required_css_class = "required"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ambiguous: dict[str, list[tuple[str, str]]] = {}

    def resolved[T](self, name: str, resolve: Callable[[str, str], T]) -> T:
        """Resolve a field's text, or the choice made in its list; remember the list when ambiguous."""
        chosen = str(self.data.get(f"{self.add_prefix(name)}_choice", ""))[:120]
        try:
            return resolve(self.cleaned_data[name], chosen)
        except AmbiguousReferenceError as ambiguous:
            self.ambiguous[name] = ambiguous.choices
            raise


def suggestions(url_name: str, target: str) -> dict[str, str]:
    """Return the attributes that make a text field ask for suggestions as one types (HTMX, a datalist)."""
    return {
        "list": target,
        "autocomplete": "off",
        "spellcheck": "false",
        "hx-get": reverse(url_name),
        "hx-trigger": "input changed delay:200ms",
        "hx-target": f"#{target}",
        "hx-swap": "innerHTML",
    }
