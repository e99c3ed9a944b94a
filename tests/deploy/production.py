"""Start the site as deployed: production settings, collected static files, gunicorn on loopback."""

import http.client
import os
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
HOST = "maillage.example"
SECRET_KEY = "cle-de-test-du-deploiement-" + "x" * 40


def unit_exec_start(unit: str) -> list[str]:
    """Return the ExecStart command of the unit file `deploy/<unit>`, split as systemd splits it."""
    for line in (ROOT / "deploy" / unit).read_text(encoding="utf-8").splitlines():
        if line.startswith("ExecStart="):
            return shlex.split(line.removeprefix("ExecStart="))
    raise AssertionError(f"deploy/{unit} has no ExecStart")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url_for_subprocess(folder: Path) -> str:
    """Return a DATABASE_URL another process can open, holding the migrated test database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(settings_dict["USER"] or "", safe="")
        password = quote(settings_dict["PASSWORD"] or "", safe="")
        credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        port = f":{settings_dict['PORT']}" if settings_dict["PORT"] else ""
        return f"postgres://{credentials}{settings_dict['HOST'] or '127.0.0.1'}{port}/{settings_dict['NAME']}"
    # The SQLite test database lives in this process's memory: copy it, migrated, into a file.
    path = folder / "production.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"


def production_environment(database_url: str, folder: Path) -> dict[str, str]:
    """Return the environment of a deployed process: only the variables the guide asks for, and paths."""
    # None of the test run's DJANGO_* variables (settings module, async flag) may leak into it.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MAILLAGE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "MAILLAGE_STATIC_ROOT": str(folder / "static"),
            "MAILLAGE_MEDIA_ROOT": str(folder / "media"),
            "MAILLAGE_PRIVATE_ROOT": str(folder / "private"),
        }
    )
    env.pop("GUNICORN_CMD_ARGS", None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr


@dataclass(frozen=True)
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@dataclass
class Server:
    port: int
    static_root: Path

    def get(self, path: str, headers: dict[str, str] | None = None, *, https: bool = True) -> Reply:
        """GET `path` as nginx forwards it: the site's Host and, from HTTPS, X-Forwarded-Proto."""
        sent = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            client.request("GET", path, headers=sent)
            response = client.getresponse()
            return Reply(status=response.status, headers=response.headers, body=response.read())
        finally:
            client.close()


def gunicorn_serve(env: dict[str, str], folder: Path) -> Iterator[Server]:
    """Run maillage.service's own gunicorn command on a free loopback port until the generator closes."""
    command = unit_exec_start("maillage.service")
    assert Path(command[0]).name == "gunicorn"
    port = free_port()
    arguments = command[1:]
    arguments[arguments.index("--bind") + 1] = f"127.0.0.1:{port}"
    arguments[arguments.index("--workers") + 1] = "2"
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (our own command)
        [sys.executable, "-m", "gunicorn", *arguments], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (folder / "gunicorn.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start in 90 s"
                time.sleep(0.2)
        yield Server(port=port, static_root=folder / "static")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
