"""What an application holds: the directory's picture of the structure, and its canonical content and hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Q

from maillage.calls.models import Application
from maillage.structures.models import KeyFigure, Relation, Structure


def directory_picture(structure: Structure) -> dict[str, Any]:
    """Return what the directory says of the structure: identity, territory, key figures, relations."""
    commune = structure.commune
    territory: dict[str, str] = {}
    if commune is not None:
        territory = {"commune": commune.name, "commune_id": commune.pk}
        for level in ("departement", "region"):
            parent = getattr(commune, level, None)
            if parent is not None:
                territory[level] = parent.name
    figures: dict[str, dict[str, Any]] = {}
    for figure in KeyFigure.objects.filter(structure=structure).order_by("metric", "-year"):
        figures.setdefault(
            figure.metric,
            {
                "indicateur": figure.get_metric_display(),
                "annee": figure.year,
                "valeur": str(figure.value),
                "source": figure.source_label,
                "date_source": figure.source_date.isoformat() if figure.source_date else "",
            },
        )
    relations = (
        Relation.objects.current()
        .filter(Q(source=structure) | Q(target=structure))
        .select_related("source", "target")
        .order_by("kind", "pk")
    )
    return {
        "identite": {
            "nom": structure.name,
            "sigle": structure.acronym,
            "siret": structure.siret,
            "famille_ess": structure.get_ess_family_display(),
            "forme_juridique": structure.legal_category_label,
            "nature": structure.get_kind_display(),
            "site": structure.website,
        },
        "territoire": territory,
        "chiffres_cles": list(figures.values()),
        "relations": [
            {
                "nature": relation.get_kind_display(),
                "avec": _other_end(relation, structure),
                "sens": "vers" if relation.source_id == structure.pk else "depuis",
            }
            for relation in relations
        ],
    }


def _other_end(relation: Relation, structure: Structure) -> str:
    if relation.target is None:
        return relation.joint_act
    return relation.target.name if relation.source_id == structure.pk else relation.source.name


def canonical_content(application: Application) -> bytes:
    """Return the submitted content as canonical JSON: sorted keys, no spaces, UTF-8."""
    content = {
        "appel": application.call_id,
        "candidature": application.pk,
        "structure": application.structure_id,
        "titre": application.title,
        "reponses": application.answers,
        "annuaire": application.directory,
        "consentement_publication": application.consent_publication,
        "deposee_le": application.submitted_at.isoformat() if application.submitted_at else None,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_hash(application: Application) -> str:
    """Return the SHA-256 of the application's canonical content, in hexadecimal."""
    return hashlib.sha256(canonical_content(application)).hexdigest()


def receipt_code(application: Application, digest: str) -> str:
    """Return the receipt number given to the applicant: call, application and the hash's start."""
    return f"AAP-{application.call_id}-{application.pk}-{digest[:10].upper()}"
