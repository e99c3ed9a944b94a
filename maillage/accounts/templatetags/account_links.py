"""`{% optional_url "contributions:edit" slug as url %}`: a link to a page that may not exist yet."""

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def optional_url(name: str, *args: Any) -> str:
    """Return the URL named `name`, or an empty string if no such page is installed."""
    # Sections grow in parallel: "Mon espace" links to them as they appear, without failing before.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""
