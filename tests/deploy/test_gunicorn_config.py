"""deploy/gunicorn.conf.py: a worker freezes what it loaded, out of its collector's reach, and loading the app
opens no database connection (which a preloading master would hand to every worker)."""

import json
import os
import subprocess
import sys

from django.conf import settings

from tests.deploy.production import unit_exec_start

# Run as gunicorn would, in a process of its own: the hooks switch the collector of the process that runs
# them, and the app must be loaded fresh to see whether loading it connects to the database.
MASTER_THEN_WORKER = """
import gc, json, runpy
config = runpy.run_path("deploy/gunicorn.conf.py")
config["when_ready"](None)
config["post_fork"](None, None)
disabled_while_loading = not gc.isenabled()
from maillage.wsgi import application
from django.db import connections
opened = [alias for alias in connections if connections[alias].connection is not None]
config["post_worker_init"](None)
print(json.dumps({
    "disabled_while_loading": disabled_while_loading, "opened_by_loading": opened,
    "frozen": gc.get_freeze_count(), "enabled_after_loading": gc.isenabled(),
}))
"""


def test_the_unit_runs_gunicorn_with_the_config_file() -> None:
    """maillage.service passes the file, keeping its command-line options."""
    command = unit_exec_start("maillage.service")
    assert command[command.index("-c") + 1] == "deploy/gunicorn.conf.py"
    assert {"--bind", "--workers", "--timeout"} <= set(command)


def test_a_worker_freezes_what_it_loaded_and_loading_opens_no_connection() -> None:
    """gc is off while the app loads, which opens no connection; then objects are frozen, gc back on."""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "maillage.settings.test"}
    completed = subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, "-c", MASTER_THEN_WORKER],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    state = json.loads(completed.stdout.strip().splitlines()[-1])
    assert state["disabled_while_loading"] is True
    assert state["opened_by_loading"] == []
    assert state["frozen"] > 10_000  # Django and the site's modules, not a handful of objects
    assert state["enabled_after_loading"] is True
