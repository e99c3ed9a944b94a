"""Locust users for bench_throughput: each request takes the next URL of a list, as nginx would forward it.

    locust -f bench/throughput_locustfile.py --headless …   (BENCH_LOCUST_URLS: a JSON list of paths)

No wait between requests (a closed loop: as many requests in flight as users). The URLs are shared by
every user in turn, so a list of distinct queries is never asked twice until it runs out. Each request
comes from the next address of a pool of 4,096 (X-Forwarded-For, as nginx writes it), so the search API's
per-address limit counts many clients, as on the site, instead of refusing one loopback client.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

HOST = os.environ.get("BENCH_LOCUST_HOST_HEADER", "maillage.example")
NAME = os.environ.get("BENCH_LOCUST_NAME", "requests")
URLS: list[str] = json.loads(Path(os.environ["BENCH_LOCUST_URLS"]).read_text(encoding="utf-8"))
next_url = itertools.cycle(URLS).__next__
next_address = itertools.cycle(f"10.{a}.{b}.7" for a in range(16) for b in range(256)).__next__


class Visitor(FastHttpUser):
    """One visitor asking page after page, without pause."""

    wait_time = constant(0)

    @task
    def ask(self) -> None:
        """GET the next URL; anything but 200 is a failure."""
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": next_address()}
        with self.client.get(next_url(), headers=headers, name=NAME, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
