"""Measure the full daily open data publication on 200,000 generated structures, beside the bare exports.

- `publish_opendata` over every registered dataset (structures as CSV and as data·inclusion JSON,
  relations, networks, key figures, the latest snapshot's territorial indicators, schemes, events,
  resources): each file written to a temporary path, validated (frictionless against its Table Schema,
  data·inclusion's package for its schema), hashed and published; the goal is ≤ 5 min in all. The time,
  rows and size of each file come from its record.
- For the two structure files, writing and validating timed apart (the same writer and validator, on a
  scratch file), to show what validation costs.
- Baseline, measured in the same run: the site's own exports (`csv_chunks`, `data_inclusion_chunks`) of
  every public structure written to a file, without validation, hashing or records.

Data: the structures of `bench/generated.py` (BENCH_SIZE, 200,000 by default: seed 2026 and the next ones),
the reference dataset, and whatever snapshot, schemes and events the bench database already holds. Files go
to a temporary folder, removed at the end; the records of the run are deleted with it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.test import override_settings

from bench import generated
from maillage.opendata.models import PublishedFile
from maillage.opendata.publication import publish_opendata, site_root
from maillage.opendata.registry import dataset_get, datasets
from maillage.structures.data_inclusion import data_inclusion_chunks
from maillage.structures.exports import csv_chunks
from maillage.structures.models import Structure

SIZE = int(os.environ.get("BENCH_SIZE", "200000"))
GOAL_S = 300
EVERYTHING = 10**9


def _write_chunks(path: Path, chunks: Iterator[str]) -> float:
    start = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as stream:
        for chunk in chunks:
            stream.write(chunk)
    return round(time.perf_counter() - start, 1)


def _baseline(folder: Path) -> dict[str, Any]:
    """Time the site's exports of every public structure, as a download would stream them."""
    public = Structure.objects.published()
    site = site_root()
    csv_path, json_path = folder / "export.csv", folder / "export.json"
    return {
        "export_csv_s": _write_chunks(csv_path, csv_chunks(public, site_url=site, limit=EVERYTHING)),
        "export_csv_bytes": csv_path.stat().st_size,
        "export_data_inclusion_s": _write_chunks(
            json_path, data_inclusion_chunks(public, site_url=site, limit=EVERYTHING)
        ),
        "export_data_inclusion_bytes": json_path.stat().st_size,
    }


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, round(time.perf_counter() - start, 1)


def _apart(name: str, folder: Path) -> dict[str, Any]:
    """Write then validate one dataset on a scratch file, each timed."""
    dataset = dataset_get(name)
    assert dataset is not None  # noqa: S101 (core registers it)
    path = folder / f"apart-{name}.{dataset.extension}"
    with path.open("w", encoding="utf-8", newline="") as stream:
        rows, write_s = _timed(lambda: dataset.writer(stream))
    problems, validate_s = _timed(lambda: dataset.validator(path))
    return {"rows": rows, "write_s": write_s, "validate_s": validate_s, "problems": len(problems)}


def run() -> dict[str, Any]:
    """Top the structures up, publish everything once, then time the parts and the baseline."""
    figures: dict[str, Any] = {"structures": generated.ensure_size(SIZE)}
    generated.settle()
    figures["public_structures"] = Structure.objects.published().count()
    figures["load_average_before"] = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="bench-opendata-"))
    started_records = PublishedFile.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        with override_settings(OPENDATA_ROOT=folder / "donnees"):
            summary, total_s = _timed(publish_opendata)
        records = PublishedFile.objects.filter(pk__gt=started_records).order_by("pk")
        figures["publication"] = {
            "total_s": total_s,
            "goal_s": GOAL_S,
            "published": summary.published,
            "rejected": summary.rejected,
            "files": {
                r.dataset: {"s": r.duration_s, "rows": r.rows, "bytes": r.size, "validation": r.validation}
                for r in records
            },
        }
        figures["load_average_after_publication"] = os.getloadavg()
        figures["write_and_validate_apart"] = {
            name: _apart(name, folder) for name in ("structures", "structures-data-inclusion")
        }
        figures["baseline_bare_exports"] = _baseline(folder)
        figures["datasets"] = [d.name for d in datasets()]
    finally:
        PublishedFile.objects.filter(pk__gt=started_records).delete()
        shutil.rmtree(folder, ignore_errors=True)
    figures["load_average_after"] = os.getloadavg()
    return figures
