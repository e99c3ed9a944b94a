"""Repeated failed logins lock out an e-mail address or an IP for a while; every attempt is recorded.

The lock never tells whether an account exists: it applies to the address as typed, known or not.
A lock starts when the failures within the window reach the threshold, and lasts the set duration from
that failure. Attempts refused during a lock are failures too, so an attacker who keeps trying keeps it.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import LoginAttempt

logger = logging.getLogger("maillage.security")


def normalize_email(email: str) -> str:
    """Return the address as recorded and counted: stripped and lower-cased."""
    return email.strip().lower()[:254]


def login_attempt_record(*, email: str, ip_address: str | None, succeeded: bool, reason: str = "") -> None:
    """Record one login attempt, and log it if it failed."""
    email = normalize_email(email)
    with transaction.atomic():
        LoginAttempt.objects.create(email=email, ip_address=ip_address or None, succeeded=succeeded)
    if not succeeded:
        logger.warning(
            "Échec de connexion (%s) : adresse=%r ip=%s", reason or "mot de passe", email, ip_address
        )


def _locked_until(times: list[datetime.datetime], threshold: int) -> datetime.datetime | None:
    """Return when the lock ends, given failure times (oldest first), or None if none is running."""
    window = datetime.timedelta(seconds=settings.ACCOUNTS_LOCKOUT_WINDOW_SECONDS)
    duration = datetime.timedelta(seconds=settings.ACCOUNTS_LOCKOUT_DURATION_SECONDS)
    now = timezone.now()
    until = None
    for index in range(threshold - 1, len(times)):
        # The failure at `index` is the threshold-th within the window: a lock starts there.
        if times[index] - times[index - threshold + 1] <= window and times[index] + duration > now:
            until = times[index] + duration
    return until


def _failure_times(**lookup: object) -> list[datetime.datetime]:
    since = timezone.now() - datetime.timedelta(
        seconds=settings.ACCOUNTS_LOCKOUT_WINDOW_SECONDS + settings.ACCOUNTS_LOCKOUT_DURATION_SECONDS
    )
    times = LoginAttempt.objects.filter(succeeded=False, created_at__gte=since, **lookup).values_list(
        "created_at", flat=True
    )
    return sorted(times)


def login_locked_until(*, email: str, ip_address: str | None) -> datetime.datetime | None:
    """Return until when logins for this address or from this IP are refused, or None."""
    locks = [
        _locked_until(_failure_times(email=normalize_email(email)), settings.ACCOUNTS_LOCKOUT_EMAIL_FAILURES)
    ]
    if ip_address:
        locks.append(
            _locked_until(_failure_times(ip_address=ip_address), settings.ACCOUNTS_LOCKOUT_IP_FAILURES)
        )
    running = [until for until in locks if until is not None]
    return max(running) if running else None


def login_attempts_purge(*, older_than_days: int | None = None) -> int:
    """Delete the attempts older than the retention period; return how many were deleted."""
    days = settings.ACCOUNTS_LOGIN_ATTEMPTS_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    with transaction.atomic():
        deleted, _ = LoginAttempt.objects.filter(created_at__lt=cutoff).delete()
    return deleted
