"""gunicorn's settings for the site (deploy/maillage.service passes `-c deploy/gunicorn.conf.py`).

The command line keeps the bind, workers, timeout and logs (GUNICORN_CMD_ARGS may still override them).
This file keeps Python's collector off the objects a worker loads once (Django, the site's modules, the
URLs, the templates' caches): frozen after loading, a worker's full collections walk only what its
requests made. On a call's dashboard the round paying one went from ~170 ms over the median to ~25 ms
(docs/benchmarks.md, "Calls for projects"; ADR 0026).
"""

import gc
from typing import Any

from django.db import connections  # lazy: nothing connects until a query

# Not preloaded in the master: `systemctl reload maillage` (HUP) then starts workers on the new code,
# which the update procedure relies on; a preloaded master would keep serving the old code until a
# restart. The hooks below freeze what each worker loaded either way; to share the loaded pages between
# workers too, set True and update with `systemctl restart` (the hooks are written for both).
preload_app = False

# Off while the app loads (in the master if preloaded, in the worker otherwise): collections then leave no
# freed holes among the objects about to be frozen (CPython's gc.freeze() documentation).
gc.disable()


def when_ready(server: Any) -> None:
    """In the master, once started: close any preloading connection, freeze, collect again."""
    if preload_app:
        # A connection opened in the master would be shared by every forked worker: none is expected
        # (Django connects lazily and no ready() hook queries; tested), this closes one a future hook opens.
        connections.close_all()
        gc.freeze()
    # The master lives for weeks and spawns workers: its own garbage is collected again.
    gc.enable()


def post_fork(server: Any, worker: Any) -> None:
    """Keep collecting off in the new worker until it has loaded the app (post_worker_init)."""
    gc.disable()


def post_worker_init(worker: Any) -> None:
    """Freeze every object the worker holds once the app is loaded, then collect again."""
    gc.freeze()
    gc.enable()
