"""Two records side by side, as a coordinator compares them before a merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import formats

from maillage.structures.models import Structure

EMPTY = "—"


def _date(value: Any) -> str:
    return formats.date_format(value, "j F Y") if value else EMPTY


ROWS: list[tuple[str, Callable[[Any], Any]]] = [
    ("Nom", lambda s: s.name),
    ("Sigle", lambda s: s.acronym),
    ("Autres noms", lambda s: ", ".join(n for n in s.other_names.splitlines() if n.strip())),
    ("SIRET", lambda s: s.siret),
    ("SIREN", lambda s: s.siren),
    ("Type", lambda s: s.get_kind_display()),
    ("Famille de l'ESS", lambda s: s.get_ess_family_display()),
    ("Catégorie juridique", lambda s: s.legal_category_label),
    ("Adresse", lambda s: " ".join(p for p in (s.street, s.postal_code) if p)),
    ("Commune", lambda s: s.commune.name if s.commune else ""),
    ("Structure de rattachement", lambda s: s.parent.name if s.parent else ""),
    ("Site web", lambda s: s.website),
    ("Courriel", lambda s: s.email),
    ("Téléphone", lambda s: s.phone),
    ("En activité", lambda s: "oui" if s.is_active else "non"),
    ("Source", lambda s: s.get_source_display()),
    ("Relations", lambda s: s.relation_count),
    ("Chiffres clés", lambda s: s.figure_count),
    ("Membres inscrits", lambda s: s.member_count),
    ("Dernière confirmation", lambda s: _date(s.confirmed_at)),
    ("Fiche créée le", lambda s: _date(s.created_at)),
]


def comparison_rows(structures: list[Structure]) -> list[tuple[str, list[str], bool]]:
    """Return each compared field's label, its value on each record, and whether they differ."""
    rows = []
    for label, read in ROWS:
        values = [str(read(s)) if read(s) not in (None, "") else EMPTY for s in structures]
        rows.append((label, values, len(set(values)) > 1))
    return rows
