"""A per-process cache of query results that is valid exactly as long as the database is unchanged."""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.db import connection


class ResultCache:
    """Facets, totals and the ids of result pages, per process, valid while the database is unchanged.

    The directory's landing page counts 190,000 structures five ways; counting again for every visitor
    costs far more than the 50 ms budget (docs/benchmarks.md). Results are kept under a token of the
    database's state that any committed write changes, so an entry is never served once anything may
    have changed, whoever wrote (services, imports, bulk inserts, raw SQL, another process):

    - PostgreSQL: the current MVCC snapshot (`pg_current_snapshot()`). Two statements with the same
      snapshot see exactly the same committed transactions, hence the same data; any transaction that
      writes takes a new transaction id, which changes the snapshot of every later statement.
    - SQLite: `PRAGMA data_version`, which changes when another connection commits, with the
      connection's own `total_changes`, which counts its own writes, and an epoch per connection
      (data_version is relative to a connection).

    Nothing is cached inside a transaction (`atomic`, autocommit off): it may have written what it will
    roll back, and the token would not show the rollback. Writes to unrelated tables (sessions…) also
    change the token: entries are then computed again, which is the safe side. An entry computed just
    after a commit may be newer than its token; it is then only served to readers that already see that
    commit or are about to, never older data.
    """

    def __init__(self, max_entries: int = 512) -> None:
        self.max_entries = max_entries
        self.enabled = True
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()
        self._epochs = itertools.count(1)

    def token(self) -> Hashable | None:
        """Return the state of the database seen by this connection, or None when nothing may be cached."""
        if not self.enabled or connection.in_atomic_block or not connection.get_autocommit():
            return None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_current_snapshot()::text")
                (snapshot,) = cursor.fetchone()
            database = connection.settings_dict
            return ("postgresql", database["HOST"], database["PORT"], database["NAME"], snapshot)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA data_version")
                (version,) = cursor.fetchone()
            raw = connection.connection
            # The raw connection is kept with its epoch, so a new connection can never reuse an old key.
            held = getattr(connection, "_maillage_result_epoch", None)
            if held is None or held[0] is not raw:
                held = (raw, next(self._epochs))
                connection._maillage_result_epoch = held  # type: ignore[attr-defined]
            return ("sqlite", str(connection.settings_dict["NAME"]), held[1], version, raw.total_changes)
        return None

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
