"""French in templates: `{{ territory|de }}` → "de la Loire", `{{ n|nombre:"structure" }}` → "2 structures".

`de` and `le` take a territory (the COG's article) or anything with a name, or a plain name (a structure's).
`nombre` takes the singular, or "singular,plural" for irregular plurals (`"réseau,réseaux"`).
"""

from __future__ import annotations

from typing import Any

from django import template

from maillage import french
from maillage.territories.names import of_territory, territory_with_article

register = template.Library()


def _is_territory(value: Any) -> bool:
    return hasattr(value, "level") and hasattr(value, "name")


@register.filter(name="de")
def of(value: Any) -> str:
    """Join "de" to a territory or a name, with elision and contraction."""
    if _is_territory(value):
        return of_territory(value)
    return french.of(str(getattr(value, "name", value)))


@register.filter(name="le")
def with_article(value: Any) -> str:
    """Give a territory or a name its article ("la Loire", "l'Ain")."""
    if _is_territory(value):
        return territory_with_article(value)
    return french.with_article(str(getattr(value, "name", value)))


@register.filter(name="nombre")
def count_of(count: Any, nouns: str) -> str:
    """Write a count and its noun, singular below two."""
    singular, _, plural = nouns.partition(",")
    return french.count_of(int(count or 0), singular, plural or None)


@register.filter(name="accord")
def plural_form(count: Any, nouns: str) -> str:
    """Choose the noun alone for a count written elsewhere."""
    singular, _, plural = nouns.partition(",")
    return french.plural_form(count if count is not None else 0, singular, plural or None)
