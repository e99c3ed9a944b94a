"""What the catalogue registers into core and into the optional alerts and link-checking apps."""

from __future__ import annotations

from maillage.memberships.rules import register_rule
from maillage.schemes.models import Scheme
from maillage.schemes.rules import scheme_rule


def register_all() -> None:
    register_rule(Scheme, scheme_rule)
