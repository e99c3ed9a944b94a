"""What the catalogue registers into core and into the optional alerts and link-checking apps."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from maillage.accounts.personal_data import PersonalDataSection, register
from maillage.history.merge import register_merge_participant
from maillage.memberships.rules import register_rule
from maillage.observatory.features import register_feature_indicator
from maillage.opendata.registry import register_dataset
from maillage.schemes.indicators import OPEN_SCHEMES
from maillage.schemes.models import Scheme, SchemePorteur
from maillage.schemes.opendata import schemes_dataset
from maillage.schemes.personal_data import schemes_erase, schemes_export
from maillage.schemes.quality import register_quality
from maillage.schemes.reference import load_reference_schemes
from maillage.schemes.rules import scheme_rule
from maillage.structures.reference.extensions import register_reference_loader


def move_porteurs(*, keep: Any, duplicate: Any, actor: Any = None) -> None:
    """Point the porteurs linked to a merged duplicate at the structure kept."""
    SchemePorteur.objects.filter(structure=duplicate).update(structure=keep)


def register_all() -> None:
    register_rule(Scheme, scheme_rule)
    register(PersonalDataSection("dispositifs", export=schemes_export, erase=schemes_erase))
    register_reference_loader("dispositifs", lambda *, dry_run, say: load_reference_schemes(dry_run))
    register_feature_indicator(OPEN_SCHEMES)
    register_merge_participant("schemes.move_porteurs", move_porteurs)
    register_dataset(schemes_dataset())
    register_quality()
    # The alerts and link checker are apps of their own; the catalogue works without them.
    if apps.is_installed("maillage.alerts"):
        from maillage.schemes.alerts import register_alerts  # noqa: PLC0415

        register_alerts()
    if apps.is_installed("maillage.links"):
        from maillage.schemes.links import register_links  # noqa: PLC0415

        register_links()
