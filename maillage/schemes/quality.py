"""A scheme's quality criteria, registered into the quality registry (ADR 23): what makes it findable."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Count
from django.utils import timezone

from maillage.quality.registry import Finding, register_scorer
from maillage.schemes.models import Scheme, SchemePorteur

USEFUL_DESCRIPTION = 300
FRESH = datetime.timedelta(days=365)


def _text(key: str, label: str, value: str, points: int, minimum: int, action: str) -> Finding:
    length = len(value.strip())
    if length >= minimum:
        return Finding(key, label, points, points)
    return Finding(key, label, points // 2 if length else 0, points, action)


def scheme_scorer(schemes: Sequence[Any]) -> dict[int, list[Finding]]:
    """Judge a batch of schemes: promise, description, eligibility, link, porteurs, targets, freshness."""
    rows = (
        SchemePorteur.objects.filter(scheme_id__in=[s.pk for s in schemes])
        .values("scheme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    porteurs = {row["scheme_id"]: row["n"] for row in rows}
    now = timezone.now()
    result: dict[int, list[Finding]] = {}
    for scheme in schemes:
        link = (
            Finding("lien", "Lien source qui répond", 15, 15)
            if scheme.url_source and scheme.url_broken_since is None
            else Finding(
                "lien",
                "Lien source qui répond",
                0,
                15,
                "Corrigez le lien source : il ne répond plus."
                if scheme.url_source
                else "Ajoutez le lien de la page officielle du dispositif.",
            )
        )
        fresh = scheme.source_updated_at is not None and now - scheme.source_updated_at <= FRESH
        result[scheme.pk] = [
            _text(
                "promesse",
                "Promesse",
                scheme.promise,
                10,
                20,
                "Ajoutez une promesse : ce que le dispositif apporte, en une phrase.",
            ),
            _text(
                "description",
                "Description",
                scheme.description,
                15,
                USEFUL_DESCRIPTION,
                f"Étoffez la description (au moins {USEFUL_DESCRIPTION} caractères).",
            ),
            _text(
                "eligibilite", "Éligibilité", scheme.eligibility, 15, 100, "Précisez qui peut en bénéficier."
            ),
            link,
            Finding("porteurs", "Porteurs", 15, 15)
            if porteurs.get(scheme.pk)
            else Finding("porteurs", "Porteurs", 0, 15, "Indiquez la structure qui porte le dispositif."),
            Finding("cibles", "Publics visés", 10, 10)
            if scheme.targets
            else Finding("cibles", "Publics visés", 0, 10, "Choisissez les publics visés."),
            Finding("fraicheur", "Mis à jour depuis moins d'un an", 20, 20)
            if fresh
            else Finding(
                "fraicheur",
                "Mis à jour depuis moins d'un an",
                0,
                20,
                "Vérifiez et mettez à jour le dispositif.",
            ),
        ]
    return result


def register_quality() -> None:
    register_scorer(Scheme, scheme_scorer, name="schemes")
