"""The structure record's own criteria: identity, place, contact, description, disciplines, freshness."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.utils import timezone

from maillage.quality.registry import Finding
from maillage.structures import field_sources
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure

# A description shorter than this says little more than the name.
USEFUL_DESCRIPTION = 200
# A record confirmed within a year is fresh; within two, ageing; beyond, or never, stale.
FRESH = datetime.timedelta(days=365)
AGEING = datetime.timedelta(days=730)


def _checked_against_sirene(structure: Structure) -> bool:
    """Tell whether SIRENE vouched for the identity: it created the record or wrote its SIRET."""
    if structure.source == DataSource.SIRENE:
        return True
    sources = structure.field_sources or {}
    entry = sources.get("siret") or sources.get(field_sources.DEFAULT_KEY) or {}
    return entry.get("kind") == field_sources.IMPORT and entry.get("source") == field_sources.SIRENE


def _identity(structure: Structure) -> Finding:
    label = "Identité vérifiée dans SIRENE"
    if structure.siret and _checked_against_sirene(structure):
        return Finding("identite", label, 20, 20)
    if structure.siret:
        return Finding(
            "identite",
            label,
            10,
            20,
            "Votre SIRET n'a pas encore été rapproché de SIRENE : vérifiez qu'il est celui de votre "
            "établissement, le prochain import le confirmera.",
        )
    return Finding(
        "identite",
        label,
        0,
        20,
        "Ajoutez le SIRET de la structure : il la relie au répertoire SIRENE de l'INSEE.",
    )


def _commune(structure: Structure) -> Finding:
    if structure.commune_id:
        return Finding("commune", "Commune", 10, 10)
    return Finding(
        "commune",
        "Commune",
        0,
        10,
        "Indiquez la commune de la structure : sans elle, la fiche n'apparaît ni sur la carte ni dans "
        "les recherches par territoire.",
    )


def _contact(structure: Structure) -> Finding:
    given = sum(bool(v) for v in (structure.website, structure.email, structure.phone))
    if given >= 2:
        return Finding("contact", "Moyens de contact", 15, 15)
    if given == 1:
        return Finding(
            "contact",
            "Moyens de contact",
            8,
            15,
            "Ajoutez un second moyen de contact (site web, courriel ou téléphone).",
        )
    return Finding(
        "contact",
        "Moyens de contact",
        0,
        15,
        "Ajoutez un moyen de contact : site web, courriel ou téléphone de la structure.",
    )


def _description(structure: Structure) -> Finding:
    length = len(structure.description.strip())
    if length >= USEFUL_DESCRIPTION:
        return Finding("description", "Présentation", 15, 15)
    if length:
        return Finding(
            "description",
            "Présentation",
            7,
            15,
            f"Étoffez la présentation (au moins {USEFUL_DESCRIPTION} caractères) : projet, publics, lieux.",
        )
    return Finding(
        "description",
        "Présentation",
        0,
        15,
        "Ajoutez une description de la structure : son projet, ses publics, ses lieux d'activité.",
    )


def _disciplines(count: int) -> Finding:
    if count:
        return Finding("disciplines", "Disciplines", 10, 10)
    return Finding(
        "disciplines",
        "Disciplines",
        0,
        10,
        "Choisissez au moins une discipline : on trouve la structure en cherchant par discipline.",
    )


def _freshness(structure: Structure, now: datetime.datetime) -> Finding:
    label = "Fiche confirmée récemment"
    confirmed = structure.confirmed_at
    if confirmed is not None and now - confirmed <= FRESH:
        return Finding("fraicheur", label, 20, 20)
    if confirmed is not None and now - confirmed <= AGEING:
        return Finding(
            "fraicheur",
            label,
            10,
            20,
            "Confirmez la fiche : sa dernière confirmation date de plus d'un an.",
        )
    return Finding(
        "fraicheur",
        label,
        0,
        20,
        "Confirmez que la fiche est à jour (un enregistrement sans changement suffit).",
    )


def structure_scorer(structures: Sequence[Any]) -> dict[int, list[Finding]]:
    """Judge a batch of structures on their own fields: one query for their disciplines."""
    ids = [s.pk for s in structures]
    through = Structure.disciplines.through.objects
    rows = through.filter(structure_id__in=ids).values("structure_id").annotate(n=Count("pk")).order_by()
    counts = {row["structure_id"]: row["n"] for row in rows}
    now = timezone.now()
    return {
        s.pk: [
            _identity(s),
            _commune(s),
            _contact(s),
            _description(s),
            _disciplines(counts.get(s.pk, 0)),
            _freshness(s, now),
        ]
        for s in structures
    }
