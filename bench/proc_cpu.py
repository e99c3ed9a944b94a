"""CPU time from /proc (Linux): of a process tree, of the whole machine, and where PostgreSQL runs."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def tree_cpu(pid: int | None) -> float:
    """CPU seconds of a process and its children, live ones and those it already waited for."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    reaped = (int(fields[13]) + int(fields[14])) / TICK  # cutime, cstime: children that exited
    return cpu_seconds(pid) + reaped + sum(cpu_seconds(child) for child in children(pid))


def machine_busy() -> tuple[float, float]:
    """Return the whole machine's (busy, total) CPU seconds since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / TICK, sum(values) / TICK


def postmaster(port: int) -> int | None:
    """Find the PostgreSQL server listening on `port` (a throwaway cluster started with `-c port=N`)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            arguments = command.split()
            if arguments and arguments[0].endswith("/postgres") and f"port={port}" in arguments:
                return int(entry.name)
    return None
