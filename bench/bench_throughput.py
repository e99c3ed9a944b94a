"""Measure the directory's throughput under gunicorn with the production settings (issue 13, target 5).

The bench database (PostgreSQL when `DATABASE_URL` is set) is brought to `BENCH_SIZE` generated
structures (`bench/generated.py`), static files are collected into a temporary folder, and gunicorn is
started with `deploy/maillage.service`'s own command on a free loopback port (`BENCH_WORKERS` workers,
the unit's 3 by default). Locust, headless, in a process of its own (`bench/throughput_locustfile.py`),
then drives it for `BENCH_THROUGHPUT_SECONDS` per run with `BENCH_USERS` users and no pause:

- **baseline**: the hashed stylesheet served by WhiteNoise (no database), and `/sante/` (Django, two
  statements): what this server and this load generator reach on this machine in the same run;
- **popular**: issue 3's query mix (13 queries, page 1) on `/structures/` and on `/api/v1/structures`, after
  a warm-up run: what the result cache of each worker serves;
- **cold**: distinct queries, never asked before in the run (text, territory, discipline, family, sort
  and page drawn from the data), on each endpoint: what a crawl or a busy day of rare searches costs.

`BENCH_RUNS` (e.g. `cold`) keeps some of the three (default `baseline,popular,cold`). Each run reports
requests per second, p50/p95/p99, failures, and the CPU time of gunicorn (master and
workers), of the database server (when found by its port), of Locust itself and of the whole machine
over the run, so the load generator's share and the neighbours' are known.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

from bench.bench_cold_search import query_mix
from bench.generated import ensure_size, largest_network, settle
from bench.proc_cpu import children, machine_busy, postmaster, tree_cpu
from maillage.structures.enums import EssFamily
from maillage.structures.models import Discipline, Structure
from maillage.structures.search import SORTS
from maillage.territories.enums import Level
from maillage.territories.models import Territory

SIZE = int(os.environ.get("BENCH_SIZE", "200000"))
SECONDS = int(os.environ.get("BENCH_THROUGHPUT_SECONDS", "30"))
WARM_UP_SECONDS = int(os.environ.get("BENCH_WARM_UP_SECONDS", "10"))
USERS = int(os.environ.get("BENCH_USERS", "12"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "0"))  # 0: the unit's own number
COLD_URLS = int(os.environ.get("BENCH_COLD_URLS", "20000"))
RUNS = {run.strip() for run in os.environ.get("BENCH_RUNS", "baseline,popular,cold").split(",")}
HOST = "maillage.example"
ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).resolve().parent / "throughput_locustfile.py"
ENDPOINTS = {"page": "/structures/", "api": "/api/v1/structures"}


# The queries ----------------------------------------------------------------------------------------


def popular_urls() -> list[str]:
    """Issue 3's mix (the cold-search bench's queries), page 1, as query strings."""
    return [urlencode(params, doseq=True) for params in query_mix(largest_network()).values()]


def cold_urls(count: int, seed: int) -> list[str]:
    """Draw `count` distinct query strings from the data's own words, territories and disciplines."""
    rng = random.Random(seed)  # noqa: S311 (made-up queries, not secrets)
    active = list(Structure.objects.filter(is_active=True).values_list("pk", flat=True))
    names = Structure.objects.filter(pk__in=rng.sample(active, min(400, len(active)))).values_list(
        "name", flat=True
    )
    words = sorted({w.lower() for name in names for w in name.split() if len(w) >= 5 and w.isalpha()})
    departements = list(Territory.objects.filter(level=Level.DEPARTEMENT).values_list("id", flat=True))
    communes = list(
        Territory.objects.filter(level=Level.COMMUNE, id__in=Structure.objects.values("commune_id"))
        .order_by("id")
        .values_list("id", flat=True)[:5000]
    )
    disciplines = list(Discipline.objects.values_list("slug", flat=True))
    families = list(EssFamily.values)

    def draw() -> dict[str, Any]:
        shape = rng.randrange(6)
        params: dict[str, Any] = {}
        if shape in (0, 1, 5):
            params["q"] = rng.choice(words)
        if shape in (1, 3):
            params["territoire"] = rng.choice(departements)
        if shape in (2, 4):
            params["territoire"] = rng.choice(communes)
        if shape == 3:
            params["discipline"] = rng.choice(disciplines)
        if shape == 4:
            params["famille"] = rng.choice(families)
        if rng.random() < 0.3:
            params["tri"] = rng.choice(list(SORTS))
        if rng.random() < 0.3:
            params["page"] = rng.randint(2, 5)
        return params

    found: dict[str, None] = {}
    for _ in range(count * 20):
        found[urlencode(draw(), doseq=True)] = None
        if len(found) == count:
            break
    return list(found)


# The server -----------------------------------------------------------------------------------------


def _database_url() -> str:
    if url := os.environ.get("DATABASE_URL"):
        return url
    return f"sqlite:///{settings.DATABASES['default']['NAME']}"


def _environment(folder: Path) -> dict[str, str]:
    """The deployed process's variables (deploy/maillage.env.example), none of this run's DJANGO_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MAILLAGE_", "GUNICORN_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": _database_url(),
            "MAILLAGE_STATIC_ROOT": str(folder / "static"),
            "MAILLAGE_MEDIA_ROOT": str(folder / "media"),
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=900
    )


def _unit_command() -> list[str]:
    for line in (ROOT / "deploy" / "maillage.service").read_text(encoding="utf-8").splitlines():
        if line.startswith("ExecStart="):
            return shlex.split(line.removeprefix("ExecStart="))
    raise RuntimeError("deploy/maillage.service has no ExecStart")


@contextmanager
def gunicorn(env: dict[str, str], folder: Path) -> Iterator[dict[str, Any]]:
    """Run the unit's gunicorn command on a free loopback port; yield its port, pid and workers."""
    arguments = _unit_command()[1:]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    arguments[arguments.index("--bind") + 1] = f"127.0.0.1:{port}"
    if WORKERS:
        arguments[arguments.index("--workers") + 1] = str(WORKERS)
    workers = int(arguments[arguments.index("--workers") + 1])
    log_path = folder / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "gunicorn", *arguments], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        try:
            deadline = time.monotonic() + 120
            while len(children(process.pid)) < workers or not _answers(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.3)
            yield {
                "port": port,
                "pid": process.pid,
                "workers": workers,
                "arguments": arguments,
                "log": log_path,
            }
        finally:
            process.terminate()
            process.wait(timeout=60)


def check_pages(port: int, paths: list[str], log_path: Path) -> None:
    """Ask for each path once, as Locust will; refuse to measure a server that does not answer 200.

    A page answering 500 is measured as fast failures: say why before any figure is taken (a worktree
    without `node_modules` once left HTMX out of the static manifest, and every page failed).
    """
    for path in paths:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, "X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                status, body = answer.status, b""
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        if status != 200:
            raise RuntimeError(
                f"{path} answered {status} before the measure: {body[:500]!r}\n"
                f"gunicorn's log ends with:\n{log_path.read_text()[-3000:]}"
            )


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


# The load generator ---------------------------------------------------------------------------------


def _percentile(row: dict[str, str], key: str) -> float | None:
    value = row.get(key, "N/A")
    return None if value in ("", "N/A") else float(value)


def drive(name: str, urls: list[str], server: dict[str, Any], folder: Path, seconds: int) -> dict[str, Any]:
    """Run Locust for `seconds` on `urls`; return its figures and the CPU each party used meanwhile."""
    urls_file = folder / f"{name}.json"
    urls_file.write_text(json.dumps(urls), encoding="utf-8")
    env = {**os.environ, "BENCH_LOCUST_URLS": str(urls_file), "BENCH_LOCUST_NAME": name}
    prefix = folder / name
    command = [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"),
        *("--users", str(USERS), "--spawn-rate", str(USERS), "--run-time", f"{seconds}s"),
        *("--host", f"http://127.0.0.1:{server['port']}", "--csv", str(prefix), "--stop-timeout", "5"),
        *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
    ]
    database = server.get("postmaster")
    before = (
        resource.getrusage(resource.RUSAGE_CHILDREN),
        tree_cpu(server["pid"]),
        tree_cpu(database),
        machine_busy(),
        time.perf_counter(),
    )
    load_before = os.getloadavg()[0]
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    wall = time.perf_counter() - before[4]
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = usage.ru_utime + usage.ru_stime - before[0].ru_utime - before[0].ru_stime
    busy, total = machine_busy()
    busy_seconds = busy - before[3][0]
    cores = (total - before[3][1]) / wall
    server_cpu = tree_cpu(server["pid"]) - before[1]
    database_cpu = tree_cpu(database) - before[2] if database else None
    rows = list(csv.DictReader((folder / f"{name}_stats.csv").open(encoding="utf-8")))
    aggregated = next((row for row in rows if row["Name"] == "Aggregated"), None)
    if aggregated is None:
        return {"error": completed.stderr[-1500:]}
    requests = int(aggregated["Request Count"])
    failures_csv = folder / f"{name}_failures.csv"
    errors = list(csv.DictReader(failures_csv.open(encoding="utf-8")))[:3] if failures_csv.exists() else []
    return {
        "urls": len(urls),
        "distinct_exhausted": requests > len(urls),
        "requests": requests,
        "failures": int(aggregated["Failure Count"]),
        "errors": [f"{error['Occurrences']}: {error['Error']}" for error in errors],
        "requests_per_s": round(float(aggregated["Requests/s"]), 1),
        "p50_ms": _percentile(aggregated, "50%"),
        "p95_ms": _percentile(aggregated, "95%"),
        "p99_ms": _percentile(aggregated, "99%"),
        "max_ms": _percentile(aggregated, "Max Response Time"),
        "wall_s": round(wall, 1),
        # Shares of the machine's whole CPU over the run (1.0 = every core busy the whole time).
        "cpu_share": {
            "locust": round(locust_cpu / wall / cores, 3),
            "gunicorn": round(server_cpu / wall / cores, 3),
            "database": round(database_cpu / wall / cores, 3) if database_cpu is not None else None,
            "whole_machine": round(busy_seconds / wall / cores, 3),
        },
        "locust_cores": round(locust_cpu / wall, 2),
        # What a request costs whatever the neighbours take: CPU milliseconds of each party per request.
        "cpu_ms_per_request": {
            "gunicorn": round(server_cpu * 1000 / requests, 2) if requests else None,
            "database": round(database_cpu * 1000 / requests, 2) if requests and database_cpu else None,
            "locust": round(locust_cpu * 1000 / requests, 2) if requests else None,
        },
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def run() -> dict[str, Any]:
    """Serve the bench database with gunicorn and drive it with Locust: baseline, popular, cold."""
    figures: dict[str, Any] = {
        "size": SIZE,
        "data": ensure_size(SIZE),
        "load_average_before": os.getloadavg(),
    }
    settle()
    figures["data"]["structures"] = Structure.objects.count()
    popular = popular_urls()
    cold = {endpoint: cold_urls(COLD_URLS, seed) for seed, endpoint in enumerate(ENDPOINTS)}
    port = connection.settings_dict.get("PORT")
    connection.close()
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as tmp:
        folder = Path(tmp)
        env = _environment(folder)
        _manage(env, "createcachetable")
        _manage(env, "collectstatic", "--noinput")
        manifest = json.loads((folder / "static" / "staticfiles.json").read_text(encoding="utf-8"))
        stylesheet = "/static/" + manifest["paths"]["css/maillage.css"]
        with gunicorn(env, folder) as server:
            server["postmaster"] = postmaster(int(port)) if port else None
            figures["server"] = {
                "workers": server["workers"],
                "command": ["gunicorn", *server["arguments"]],
                "database_server_found": server["postmaster"] is not None,
            }
            first = [stylesheet, *(f"{path}?{popular[0]}" for path in ENDPOINTS.values())]
            check_pages(server["port"], first, server["log"])
            figures["users"] = USERS
            figures["seconds"] = SECONDS
            # Every worker's first requests load templates and open its database connection.
            drive(
                "warm-up",
                [stylesheet, *(f"{path}?{q}" for q in popular for path in ENDPOINTS.values())],
                server,
                folder,
                WARM_UP_SECONDS,
            )
            runs: dict[str, Any] = {}
            if "baseline" in RUNS:
                runs["baseline static file"] = drive("static", [stylesheet], server, folder, SECONDS)
                runs["baseline /sante/"] = drive("health", ["/sante/"], server, folder, SECONDS)
            for endpoint, path in ENDPOINTS.items() if "popular" in RUNS else ():
                urls = [f"{path}?{query}" for query in popular]
                drive(f"warm-{endpoint}", urls, server, folder, WARM_UP_SECONDS)
                runs[f"popular {path}"] = drive(f"popular-{endpoint}", urls, server, folder, SECONDS)
            for endpoint, path in ENDPOINTS.items() if "cold" in RUNS else ():
                urls = [f"{path}?{query}" for query in cold[endpoint]]
                runs[f"cold {path}"] = drive(f"cold-{endpoint}", urls, server, folder, SECONDS)
            figures["runs"] = runs
    figures["load_average_after"] = os.getloadavg()
    return figures
