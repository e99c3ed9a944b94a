"""Outgoing e-mail: always sent once the transaction that caused it has committed, never inside it."""

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string


def send_after_commit(*, to: Iterable[str], subject: str, template: str, context: dict[str, object]) -> None:
    """Render a plain-text e-mail and send it to each address once the current transaction commits."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    body = render_to_string(template, context)
    # One message per recipient: addresses are personal data, never disclosed to the other recipients.
    for address in recipients:
        transaction.on_commit(
            partial(
                send_mail,
                subject=f"[maillage] {subject}",
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[address],
            )
        )
