"""Logging in, step by step: lockout first, then the password, the confirmed address, the second factor.

Each outcome is recorded as one LoginAttempt: a wrong password or code, a refusal during a lock and an
unconfirmed address are failures; a complete login is a success. Between a right password and the
second factor's code nothing is recorded yet: the code decides.
"""

import datetime
import enum
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.lockout import login_attempt_record, login_locked_until
from maillage.accounts.otp import confirmed_device
from maillage.accounts.ratelimit import client_ip


class LoginStatus(enum.Enum):
    LOGGED_IN = "logged_in"
    CODE_REQUIRED = "code_required"
    LOCKED = "locked"
    INVALID = "invalid"
    UNCONFIRMED = "unconfirmed"


@dataclass(frozen=True)
class LoginOutcome:
    status: LoginStatus
    user: Any = None
    device: TOTPDevice | None = None
    locked_until: datetime.datetime | None = None


def login_check(*, request: HttpRequest, email: str, password: str) -> LoginOutcome:
    """Check an e-mail and password against the lockout, the accounts and the second factor."""
    ip_address = client_ip(request) or None
    locked_until = login_locked_until(email=email, ip_address=ip_address)
    if locked_until is not None:
        login_attempt_record(email=email, ip_address=ip_address, succeeded=False, reason="blocage en cours")
        return LoginOutcome(LoginStatus.LOCKED, locked_until=locked_until)
    user = authenticate(request, email=email, password=password)
    if user is None:
        login_attempt_record(email=email, ip_address=ip_address, succeeded=False)
        return LoginOutcome(LoginStatus.INVALID)
    if getattr(user, "email_confirmed_at", None) is None:
        login_attempt_record(
            email=email, ip_address=ip_address, succeeded=False, reason="adresse non confirmée"
        )
        return LoginOutcome(LoginStatus.UNCONFIRMED, user=user)
    device = confirmed_device(user)
    if device is not None:
        return LoginOutcome(LoginStatus.CODE_REQUIRED, user=user, device=device)
    login_attempt_record(email=email, ip_address=ip_address, succeeded=True)
    return LoginOutcome(LoginStatus.LOGGED_IN, user=user)


def login_code_check(*, request: HttpRequest, user: Any, token: str) -> LoginOutcome:
    """Check the second factor's code of a user whose password was right."""
    ip_address = client_ip(request) or None
    locked_until = login_locked_until(email=user.email, ip_address=ip_address)
    if locked_until is not None:
        login_attempt_record(
            email=user.email, ip_address=ip_address, succeeded=False, reason="blocage en cours"
        )
        return LoginOutcome(LoginStatus.LOCKED, locked_until=locked_until)
    device = confirmed_device(user)
    if device is None:  # removed meanwhile (by an administrator): the password was enough
        login_attempt_record(email=user.email, ip_address=ip_address, succeeded=True)
        return LoginOutcome(LoginStatus.LOGGED_IN, user=user)
    if not device.verify_token(token.strip().replace(" ", "")):
        login_attempt_record(
            email=user.email, ip_address=ip_address, succeeded=False, reason="code à usage unique"
        )
        return LoginOutcome(LoginStatus.INVALID, user=user, device=device)
    login_attempt_record(email=user.email, ip_address=ip_address, succeeded=True)
    return LoginOutcome(LoginStatus.LOGGED_IN, user=user, device=device)
