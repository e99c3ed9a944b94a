"""What the catalogue registers into core and into the optional alerts and link-checking apps."""

from __future__ import annotations

from django.apps import apps

from maillage.accounts.personal_data import PersonalDataSection, register
from maillage.memberships.rules import register_rule
from maillage.observatory.features import register_feature_indicator
from maillage.schemes.indicators import OPEN_SCHEMES
from maillage.schemes.models import Scheme
from maillage.schemes.personal_data import schemes_erase, schemes_export
from maillage.schemes.reference import load_reference_schemes
from maillage.schemes.rules import scheme_rule
from maillage.structures.reference.extensions import register_reference_extension


def register_all() -> None:
    register_rule(Scheme, scheme_rule)
    register(PersonalDataSection("dispositifs", export=schemes_export, erase=schemes_erase))
    register_reference_extension("dispositifs", load_reference_schemes)
    register_feature_indicator(OPEN_SCHEMES)
    # The alerts and link checker are apps of their own; the catalogue works without them.
    if apps.is_installed("maillage.alerts"):
        from maillage.schemes.alerts import register_alerts  # noqa: PLC0415

        register_alerts()
    if apps.is_installed("maillage.links"):
        from maillage.schemes.links import register_links  # noqa: PLC0415

        register_links()
