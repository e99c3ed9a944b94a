"""The structures a scheme may suit, in SQL: for alerts on a new scheme, over the whole directory.

The same criteria as `criteria.py`, read the other way: a structure is kept unless a value it has fails
a criterion (an unknown value keeps it, as the explanation lists it "à préciser").
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from maillage.schemes.criteria import ASSOCIATIVE, BANDS, LEGAL_FORMS
from maillage.schemes.models import Scheme
from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.models import Structure
from maillage.territories.models import Territory, TerritoryCommune


def _in_communes(communes: QuerySet[Any, Any]) -> Q:
    # A structure placed in an arrondissement belongs to its commune's areas. The communes and their
    # arrondissements are listed first, so that the structures are found through their commune's index
    # rather than by joining every structure to its commune.
    places = Territory.objects.filter(Q(pk__in=communes) | Q(commune_id__in=communes)).values("pk")
    return Q(commune_id__in=places)


def structures_for_scheme(scheme: Scheme, *, today: datetime.date | None = None) -> QuerySet[Structure]:
    """Return the published, active structures of the scheme's area that no known value rules out."""
    today = today or timezone.localdate()
    included = [t.territory_id for t in scheme.area.all() if not t.excluded]
    excluded = [t.territory_id for t in scheme.area.all() if t.excluded]
    queryset = Structure.objects.published().filter(is_active=True)
    queryset = queryset.filter(
        _in_communes(TerritoryCommune.objects.filter(territory_id__in=included).values("commune_id"))
    )
    if excluded:
        queryset = queryset.exclude(
            _in_communes(TerritoryCommune.objects.filter(territory_id__in=excluded).values("commune_id"))
        )
    if scheme.min_years is not None:
        queryset = queryset.exclude(founded_on__gt=_years_before(today, scheme.min_years))
    if scheme.headcount_min is not None:
        small = [b for b, (_, high) in BANDS.items() if high is not None and high < scheme.headcount_min]
        queryset = queryset.exclude(headcount_band__in=small)
    if scheme.headcount_max is not None:
        big = [b for b, (low, _) in BANDS.items() if low > scheme.headcount_max]
        queryset = queryset.exclude(headcount_band__in=big)
    if scheme.targets:
        families: list[str] = [*ASSOCIATIVE] if "associations" not in scheme.targets else []
        if "professionnels" not in scheme.targets:
            families += [f for f in EssFamily.values if f not in {*ASSOCIATIVE, EssFamily.UNKNOWN}]
        queryset = queryset.exclude(Q(ess_family__in=families) & ~Q(kind=StructureKind.PUBLIC_BODY))
    if scheme.legal_forms or scheme.legal_forms_excluded:
        queryset = queryset.exclude(_legal_form_refused(scheme))
    return queryset


def _years_before(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _legal_form_refused(scheme: Scheme) -> Q:
    """Return the condition of a known legal form the scheme does not admit."""
    refused = Q(pk__in=[])
    seen: list[str] = []
    for prefix, form in LEGAL_FORMS:
        admitted = form not in scheme.legal_forms_excluded and (
            not scheme.legal_forms or form in scheme.legal_forms
        )
        # Longer prefixes come first in LEGAL_FORMS: a shorter one must not catch what they took.
        condition = Q(legal_category_code__startswith=prefix)
        for earlier in seen:
            if earlier.startswith(prefix):
                condition &= ~Q(legal_category_code__startswith=earlier)
        seen.append(prefix)
        if not admitted:
            refused |= condition
    return refused
