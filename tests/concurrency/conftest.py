"""Run the same call from many threads at once, each on its own database connection."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection

THREADS = 10


def race(call: Callable[[int], Any], threads: int = THREADS) -> list[Any]:
    """Start `call(i)` in `threads` threads released together; return each result or the exception raised."""
    barrier = threading.Barrier(threads)

    def run(index: int) -> Any:
        try:
            barrier.wait(timeout=30)
            return call(index)
        except Exception as error:
            return error
        finally:
            connection.close()  # each thread opened its own connection: give it back

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, range(threads)))
