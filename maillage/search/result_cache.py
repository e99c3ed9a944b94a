"""A per-process cache of query results that is valid exactly as long as the data it reads is unchanged."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.db import connection


class ResultCache:
    """Facets, totals and the ids of result pages, per process, valid while the directory is unchanged.

    Results are kept under a token of the directory's state that any committed write to the tables a
    search reads changes, whoever wrote (services, imports, bulk inserts, raw SQL, another process):
    a generation number that database triggers increase (`structures.facet_counts`), read with one
    indexed statement. Writes to other tables (sessions, tasks, history) leave it as it was, and it is
    the same for every connection and process, so a new connection (gunicorn's recycling) or another
    worker finds the entries already computed.

    Nothing is cached inside a transaction (`atomic`, autocommit off): it may have written what it will
    roll back, and the token would not show the rollback. An entry computed just after a commit may be
    newer than its token; it is then only served to readers that already see that commit or are about
    to, never older data.
    """

    def __init__(self, max_entries: int = 512, generation: Callable[[], int] | None = None) -> None:
        self.max_entries = max_entries
        self.enabled = True
        self._generation = generation
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def token(self) -> Hashable | None:
        """Return the state of the data as this connection sees it, or None when nothing may be cached."""
        if not self.enabled or self._generation is None:
            return None
        if connection.in_atomic_block or not connection.get_autocommit():
            return None
        return (connection.vendor, str(connection.settings_dict["NAME"]), self._generation())

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
