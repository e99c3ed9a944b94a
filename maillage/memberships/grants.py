"""Who is told when a role is given: listeners registered by the apps that speak to people (ADR 7).

Memberships is core and sends no mail itself; the accounts app registers the role mail here, so that
every path that grants a role (claims, invitations, the site's pages, the administration) tells the
person what the role allows and where to start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maillage.memberships.models import RoleEvent

GrantListener = Callable[["RoleEvent", str], None]
_listeners: list[GrantListener] = []


def register_grant_listener(listener: GrantListener) -> None:
    """Call `listener(event, site_url)` for every role granted, inside the granting transaction."""
    if listener not in _listeners:
        _listeners.append(listener)


def role_granted(event: RoleEvent, site_url: str = "") -> None:
    """Tell every listener that a role was granted (they send their mail after commit)."""
    for listener in _listeners:
        listener(event, site_url)
