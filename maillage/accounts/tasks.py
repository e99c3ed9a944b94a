"""Background tasks of the accounts app: sending one e-mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

logger = logging.getLogger("maillage.jobs")


@task
def send_email(*, subject: str, body: str, to: str) -> int:
    """Send one plain-text e-mail; a failure is logged and recorded on the task's result (status FAILED)."""
    try:
        return send_mail(
            subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[to]
        )
    except Exception:
        # The task's result keeps the traceback; the log says which message is waiting to be sent again.
        logger.exception("E-mail not sent: %s", subject)
        raise
