"""Writes on accounts: sign-up, e-mail confirmation, confirmation resent.

None of them tells its caller whether an address already had an account: the owner of the address
is told by e-mail instead, so the pages answer the same either way.
"""

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.confirmation import address_confirmed
from maillage.accounts.emails import send_after_commit
from maillage.accounts.lockout import normalize_email
from maillage.accounts.models import User
from maillage.accounts.tokens import email_confirmation_token


def _send_confirmation(*, user: User, site_url: str, next_path: str = "") -> None:
    token = email_confirmation_token(user, next_path=next_path)
    link = site_url + reverse("accounts:confirm_email", args=[token])
    send_after_commit(
        to=[user.email],
        subject="Confirmez votre adresse électronique",
        template="emails/accounts_confirm_email.txt",
        context={"user": user, "link": link},
    )


def _send_already_registered(*, user: User, site_url: str) -> None:
    send_after_commit(
        to=[user.email],
        subject="Une inscription avec votre adresse",
        template="emails/accounts_already_registered.txt",
        context={
            "user": user,
            "login_link": site_url + reverse("accounts:login"),
            "reset_link": site_url + reverse("accounts:password_reset"),
        },
    )


def user_sign_up(
    *, email: str, password: str, display_name: str = "", site_url: str, next_path: str = ""
) -> None:
    """Create an unconfirmed account and mail its confirmation link, or tell the address's owner.

    The link leads back to `next_path` (a path of this site the caller checked) once confirmed.
    """
    email = normalize_email(email)
    display_name = display_name.strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User(email=email, display_name=display_name)
                user.set_password(password)
                user.full_clean()
                user.save()
                _send_confirmation(user=user, site_url=site_url, next_path=next_path)
            return
        except IntegrityError:  # the same address signed up at the same instant
            existing = User.objects.get(email__iexact=email)
    with transaction.atomic():
        if existing.is_active and existing.email_confirmed_at is None:
            # Nobody has proved this address yet: the latest sign-up wins and earlier links stop working,
            # so a person who registered someone else's address first keeps no password on it.
            existing.set_password(password)
            existing.display_name = display_name
            existing.full_clean()
            existing.save(update_fields=["password", "display_name"])
            _send_confirmation(user=existing, site_url=site_url, next_path=next_path)
            return
        # Hash anyway: the answer takes as long whether the address is known or not.
        make_password(password)
        if existing.is_active:
            _send_already_registered(user=existing, site_url=site_url)


def user_confirm_email(*, user: User, site_url: str = "") -> User:
    """Mark the user's address as confirmed: from now on, the account may log in.

    The confirmation listeners (invitations waiting for this address) run in the same transaction.
    """
    with transaction.atomic():
        user.email_confirmed_at = timezone.now()
        user.full_clean()
        user.save(update_fields=["email_confirmed_at"])
        address_confirmed(user, site_url)
    return user


def email_confirmation_resend(*, email: str, site_url: str) -> None:
    """Mail a new confirmation link if the address has an unconfirmed account; say nothing either way."""
    user = User.objects.filter(
        email__iexact=normalize_email(email), email_confirmed_at__isnull=True, is_active=True
    ).first()
    if user is not None:
        with transaction.atomic():
            _send_confirmation(user=user, site_url=site_url)
