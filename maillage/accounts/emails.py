"""Outgoing e-mail: rendered in the request, sent by a background task once the transaction commits."""

from collections.abc import Iterable

from django.db import transaction
from django.template.loader import render_to_string

from maillage.accounts.tasks import send_email


def send_after_commit(*, to: Iterable[str], subject: str, template: str, context: dict[str, object]) -> None:
    """Render a plain-text e-mail; once the transaction commits, enqueue its sending to each address."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    # Rendered now, while the objects of the context exist: the task receives only strings.
    body = render_to_string(template, context)
    transaction.on_commit(lambda: enqueue_emails(subject=f"[maillage] {subject}", body=body, to=recipients))


def enqueue_emails(*, subject: str, body: str, to: list[str]) -> None:
    """Enqueue one sending task per address, in one transaction (one commit for a whole campaign)."""
    # One task per recipient: addresses are personal data, never disclosed to the other recipients, and
    # one refused address fails (and records) its own task only.
    with transaction.atomic():
        for address in to:
            send_email.enqueue(subject=subject, body=body, to=address)
