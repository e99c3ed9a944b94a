"""`{% can user "edit" structure as allowed %}`: templates ask the same rules as views and the API."""

from typing import Any

from django import template

from maillage.memberships.rules import can as rules_can

register = template.Library()


@register.simple_tag
def can(user: Any, action: str, obj: Any = None) -> bool:
    """Tell whether the user may take the action on the object (see memberships.rules)."""
    return rules_can(user, action, obj)
