"""A deployed site never waits forever on its mail server."""

import secrets
import subprocess
import sys

from tests.accounts.test_security_settings import ROOT, outside_django_environment


def test_production_smtp_has_a_timeout() -> None:
    """The SMTP backend gives up after EMAIL_TIMEOUT seconds (10 by default): the task fails, recorded."""
    env = {
        **outside_django_environment(),
        "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "maillage.example",
        "DATABASE_URL": "sqlite://:memory:",  # required; never opened here
    }
    code = "from django.conf import settings; print(settings.MAILERS['default']['OPTIONS']['timeout'])"
    default = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    chosen = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "EMAIL_TIMEOUT": "3"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert (default.stdout.strip(), chosen.stdout.strip()) == ("10", "3")
