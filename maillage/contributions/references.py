"""Resolve what people type to name a structure or a commune, without care for accents or case.

With JavaScript, suggestions come as one types (HTMX); without it the server resolves the text: one
match is taken, several make the form show them as a choice list (`AmbiguousReferenceError.choices`),
whose answer comes back as `<field>_choice`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from maillage.contributions.selectors import structures_named
from maillage.search.normalize import search_key
from maillage.search.params import is_ascii_digits
from maillage.structures.models import Structure
from maillage.structures.validators import compact_identifier
from maillage.territories.enums import Level
from maillage.territories.models import PostalCode, Territory
from maillage.territories.search import search_territories

_COMMUNE_ID = re.compile(r"COM-(\d[\dAB]\d{3})", re.IGNORECASE)
_NAME_AND_POSTAL_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d{5})\)\s*$")
_STRUCTURE_PATH = re.compile(r"/structures/([\w-]+)/")
MAX_CHOICES = 8


class AmbiguousReferenceError(ValidationError):
    """Several records match the text typed: the form offers them as a choice list."""

    def __init__(self, message: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(message, code="ambiguous")
        self.choices = list(choices)  # (value to send back, label to read)


def resolve_structure(text: str, chosen: str = "") -> Structure:
    """Return the structure designated by a choice made, its SIRET, the address of its page, or its name."""
    if chosen:
        found = Structure.objects.published().filter(slug=chosen).first()
        if found is not None:
            return found
    text = text.strip()
    compact = compact_identifier(text)
    if len(compact) == 14 and is_ascii_digits(compact):
        by_siret = Structure.objects.filter(siret=compact).first()
        if by_siret is None:
            raise ValidationError("Aucune structure de l'annuaire ne porte ce SIRET.")
        return by_siret
    if match := _STRUCTURE_PATH.search(text):
        text = match.group(1)
    by_slug = Structure.objects.published().filter(slug=text).first()
    if by_slug is not None:
        return by_slug
    candidates = structures_named(text, limit=MAX_CHOICES) if search_key(text) else []
    exact = [s for s in candidates if s.search_name == search_key(text)]
    if len(exact) == 1 or len(candidates) == 1:
        return (exact or candidates)[0]
    if not candidates:
        raise ValidationError(
            "Structure introuvable : vérifiez son nom, ou indiquez son SIRET ou l'adresse de sa fiche."
        )
    raise AmbiguousReferenceError(
        "Plusieurs structures correspondent : choisissez la bonne dans la liste.",
        [(s.slug, structure_label(s)) for s in candidates],
    )


def structure_label(structure: Structure) -> str:
    """Return a structure as suggestions and choice lists show it: name, commune, SIRET."""
    place = f", {structure.commune.name}" if structure.commune_id and structure.commune else ""
    siret = f" (SIRET {structure.siret})" if structure.siret else ""
    return f"{structure.name}{place}{siret}"


def resolve_commune(text: str, postal_code: str = "", chosen: str = "") -> Territory | None:
    """Return the commune typed: a choice made, a suggestion "Nom (code postal)", a name or a postal code."""
    communes = Territory.objects.current().filter(level=Level.COMMUNE)
    if chosen and (found := communes.filter(pk=chosen).first()) is not None:
        return found
    if match := _COMMUNE_ID.search(text):
        found = communes.filter(pk=f"COM-{match.group(1).upper()}").first()
        if found is None:
            raise ValidationError("Commune inconnue : choisissez-la dans les suggestions.")
        return found
    if match := _NAME_AND_POSTAL_CODE.match(text):
        text, postal_code = match.group("name"), match.group("code")
    served = set(PostalCode.objects.filter(code=postal_code).values_list("commune_id", flat=True))
    if not text.strip():
        return communes.filter(pk=served.pop()).first() if len(served) == 1 else None
    candidates = [t for t in search_territories(text, limit=20) if t.level == Level.COMMUNE]
    if served:
        candidates = [t for t in candidates if t.pk in served] or candidates
    exact = [t for t in candidates if t.search_name == search_key(text)]
    if len(exact) == 1 or len(candidates) == 1:
        return (exact or candidates)[0]
    if not candidates:
        raise ValidationError(f"Aucune commune ne s'appelle « {text[:60]} » : vérifiez l'orthographe.")
    raise AmbiguousReferenceError(
        "Plusieurs communes correspondent : choisissez la bonne dans la liste, ou précisez le code postal.",
        [(t.pk, commune_label(t)) for t in (exact or candidates)[:MAX_CHOICES]],
    )


def commune_label(commune: Territory) -> str:
    """Return a commune as a choice list shows it: name, first postal code and département."""
    codes = sorted(p.code for p in commune.postal_codes.all())
    where = f", {commune.departement.name}" if commune.departement_id and commune.departement else ""
    return f"{commune.name} ({codes[0] if codes else commune.code}){where}"


def commune_display(commune: Territory | None, postal_code: str = "") -> str:
    """Return how the commune field shows a commune: "Pélussin (42410)", as the suggestions do."""
    if commune is None:
        return ""
    codes = sorted(p.code for p in commune.postal_codes.all())  # prefetched by lists of suggestions
    code = postal_code if postal_code in codes else (codes[0] if codes else "")
    # A commune without a known postal code keeps its id, which resolves it without a doubt.
    return f"{commune.name} ({code or commune.id})"
