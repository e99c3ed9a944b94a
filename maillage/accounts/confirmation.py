"""What else happens when someone proves their address: listeners registered by feature apps (ADR 7).

Invitations to an address without an account wait for this moment: the confirmation proves the
address they were sent to, so the apps that hold them grant what they promised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ConfirmationListener = Callable[[Any, str], None]
_listeners: list[ConfirmationListener] = []


def register_confirmation_listener(listener: ConfirmationListener) -> None:
    """Call `listener(user, site_url)` inside the transaction that confirms a user's address."""
    if listener not in _listeners:
        _listeners.append(listener)


def address_confirmed(user: Any, site_url: str = "") -> None:
    """Tell every listener that the user's address is now proven."""
    for listener in _listeners:
        listener(user, site_url)
