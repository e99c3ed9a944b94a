"""The kinds of saved search an alert can follow: the directory's own, and every module's that registers one.

A feature app registers its kind from its AppConfig.ready() (ADR 9):

    register_alert_kind(AlertKind("dispositifs", "Nouveaux dispositifs", parse=…, describe=…, find=…))

- `parse(query)` reads the search page's query parameters and returns the saved parameters (JSON-ready);
  it raises ValueError (its message in French, shown to the person) when they make no sense;
- `describe(params)` says in one French phrase what the alert follows;
- `find(params, since)` returns what is new since that moment. Keys identify an item within its kind:
  an item found by several alerts of one address is listed once in its digest, and never sent twice.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict


@dataclass(frozen=True)
class AlertItem:
    key: str
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class AlertKind:
    key: str
    label: str
    parse: Callable[[QueryDict], dict]
    describe: Callable[[dict], str]
    find: Callable[[dict, datetime], list[AlertItem]]


KINDS: dict[str, AlertKind] = {}


def register_alert_kind(kind: AlertKind) -> None:
    """Add (or replace) a kind of alert."""
    KINDS[kind.key] = kind


def alert_kind(key: str) -> AlertKind | None:
    """Return the kind registered under `key`, or None."""
    return KINDS.get(key)


def alert_kinds() -> list[AlertKind]:
    """Return the registered kinds, in the order they registered."""
    return list(KINDS.values())
