"""`{% link_checked url %}`: what the link checker last found, beside an outside link."""

from typing import Any

from django import template

from maillage.links.models import CheckedLink
from maillage.links.selectors import link_status

register = template.Library()


@register.inclusion_tag("links/_checked.html")
def link_checked(url: str, link: CheckedLink | None = None) -> dict[str, Any]:
    """Render « lien vérifié le … » or « lien inaccessible depuis le … » (nothing for an unchecked link).

    Pass `link` from `link_statuses()` in lists, to read all the links of a page in one query.
    """
    return {"link": link if link is not None else link_status(url)}
