"""`{% sirene_missing %}`: the "no SIRENE import yet" empty state, on any page that needs it."""

from __future__ import annotations

from typing import Any

from django import template

from maillage.imports.selectors import last_applied_import

register = template.Library()


@register.inclusion_tag("www/_sirene_missing_if_needed.html")
def sirene_missing(heading_level: int = 2) -> dict[str, Any]:
    """Show which INSEE files to import, and the command, while no SIRENE stock was applied."""
    return {"sirene_import": last_applied_import(), "heading_level": heading_level}
