"""What the services derive from what people type: ESS family, NAF label, SIREN, slug and search fields."""

from __future__ import annotations

import re

from django.utils.text import slugify

from maillage.search.fulltext import document
from maillage.search.normalize import search_key
from maillage.structures.legal_categories import ess_family_resolve, is_ess_for, legal_category_label
from maillage.structures.models import Discipline, Label, Structure
from maillage.structures.naf import naf_label, normalize_naf_code
from maillage.structures.validators import compact_identifier
from maillage.territories.enums import Level

SLUG_LENGTH = 200


def derive_fields(structure: Structure, *, previous: Structure | None, given: set[str]) -> None:
    """Fill the fields that follow from others: identifiers, family, code labels, commune, status, slug."""

    def changed(name: str) -> bool:
        return previous is None or getattr(previous, name) != getattr(structure, name)

    structure.name = structure.name.strip()
    structure.siret = compact_identifier(structure.siret)
    structure.siren = compact_identifier(structure.siren)
    if structure.siret and "siren" not in given and (changed("siret") or not structure.siren):
        structure.siren = structure.siret[:9]

    code = structure.legal_category_code = structure.legal_category_code.strip()
    if legal_category_label(code):
        structure.legal_category_label = legal_category_label(code)
    elif changed("legal_category_code") and "legal_category_label" not in given:
        structure.legal_category_label = ""
    # is_ess holds SIRENE's flag when a caller gave it; a value derived from an older legal form is not one.
    if "is_ess" in given or (previous is not None and not changed("legal_category_code")):
        ess_flag = structure.is_ess
    else:
        ess_flag = None
    declared = structure.ess_family if "ess_family" in given or previous is None else previous.ess_family
    structure.ess_family = ess_family_resolve(
        legal_category_code=code, sirene_ess_flag=ess_flag, declared=declared
    )
    structure.is_ess = is_ess_for(structure.ess_family, ess_flag)

    structure.naf_code = normalize_naf_code(structure.naf_code) if structure.naf_code else ""
    if naf_label(structure.naf_code):
        structure.naf_label = naf_label(structure.naf_code)
    elif changed("naf_code") and "naf_label" not in given:
        structure.naf_label = ""

    # SIRENE places establishments in the arrondissements of Paris, Lyon and Marseille: keep the commune.
    commune = structure.commune if structure.commune_id else None
    if commune is not None and commune.level == Level.ARRONDISSEMENT and commune.commune_id:
        structure.commune_id = commune.commune_id
    if structure.closed_on:
        structure.is_active = False
    if not structure.slug or changed("name"):
        structure.slug = unique_slug(structure)


# Paths of /structures/ that a slug would shadow: a structure called « Carte » becomes carte-2.
RESERVED_SLUGS = frozenset({"carte", "graphe", "export", "suggestions-territoires"})


def unique_slug(structure: Structure) -> str:
    base = slugify(search_key(structure.name))[:SLUG_LENGTH].strip("-") or "structure"
    if base in RESERVED_SLUGS:
        base = f"{base}-2"
    if structure.slug == base or re.fullmatch(rf"{re.escape(base)}-\d+", structure.slug or ""):
        return structure.slug  # the name changed in a way the slug does not show (case, accents)
    taken = set(
        Structure.objects.filter(slug__startswith=base)
        .exclude(pk=structure.pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def current_disciplines(structure: Structure) -> list[Discipline]:
    if structure.pk is None:
        return []
    return list(structure.disciplines.select_related("parent"))


def current_labels(structure: Structure) -> list[Label]:
    return list(structure.labels.all()) if structure.pk is not None else []


def _search_text(structure: Structure, disciplines: list[Discipline], labels: list[Label]) -> str:
    commune = structure.commune if structure.commune_id else None
    parts = [
        structure.name,
        structure.acronym,
        structure.other_names,
        commune.name if commune else "",
        structure.postal_code,
        *(d.name for d in disciplines),
        *(d.parent.name for d in disciplines if d.parent_id and d.parent),
        *(f"{label.name} {label.acronym}" for label in labels),
        structure.description,
    ]
    return search_key(" ".join(p for p in parts if p))


def structure_search_fields(structure: Structure, disciplines: list[Discipline], labels: list[Label]) -> None:
    """Fill search_text, search_name and search_document from the structure, its disciplines and labels.

    Disciplines need their parent loaded and the commune its name; bulk writers (generate_structures)
    call this too, so every structure is indexed the same way.
    """
    structure.search_text = _search_text(structure, disciplines, labels)
    structure.search_name = search_key(structure.name)
    commune = structure.commune if structure.commune_id else None
    # Names weigh three times the rest, so "Culture et Coopération" outranks a mention in a description.
    structure.search_document = document(
        (f"{structure.name} {structure.acronym} {structure.other_names}", 3),
        (commune.name if commune else "", 1),
        (" ".join(d.name for d in disciplines), 1),
        (" ".join(f"{label.name} {label.acronym}" for label in labels), 1),
        (structure.description, 1),
    )
