"""E-mail confirmation links: signed, expiring, and void once the address is confirmed.

A link also names the password chosen at sign-up (through a keyed hash): signing up again with the same
unconfirmed address sets a new password and voids the earlier links, so that someone who registered
another person's address first cannot keep a password on the account that person confirms.
"""

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from maillage.accounts.models import User

SALT = "maillage.accounts.confirm_email"


def _password_mark(user: User) -> str:
    return salted_hmac(SALT, user.password, algorithm="sha256").hexdigest()[:24]


def email_confirmation_token(user: User, *, next_path: str = "") -> str:
    """Return a signed token confirming the user's current address with the current password.

    `next_path` (a path of this site, checked by the caller) is where the person was going when they
    signed up: the link takes them back there once confirmed.
    """
    payload = {"user": user.pk, "email": user.email, "password": _password_mark(user)}
    if next_path:
        payload["next"] = next_path
    return signing.dumps(payload, salt=SALT, compress=True)


def _payload(token: str) -> dict[str, object] | None:
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=settings.ACCOUNTS_EMAIL_CONFIRMATION_MAX_AGE_SECONDS
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return payload if isinstance(payload, dict) else None


def email_confirmation_next(token: str) -> str:
    """Return the path the person was going to when they signed up, or "" (a forged token says nothing)."""
    payload = _payload(token) or {}
    return str(payload.get("next", ""))


def email_confirmation_user(token: str) -> User | None:
    """Return the unconfirmed user the token was made for, or None if it is forged, expired or used."""
    payload = _payload(token)
    if payload is None:
        return None
    # Single use: once the address is confirmed, or if it changed since, the token means nothing.
    user = User.objects.filter(
        pk=payload.get("user"), email=payload.get("email"), email_confirmed_at__isnull=True, is_active=True
    ).first()
    if user is None or not constant_time_compare(str(payload.get("password", "")), _password_mark(user)):
        return None
    return user
