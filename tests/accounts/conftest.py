"""Mail helpers of the account tests (the cache is emptied for every test by tests/conftest.py)."""

import re

from django.core import mail


def link_in_mail(index: int = -1) -> str:
    """Return the path of the first link of the outbox's message (the last one by default)."""
    match = re.search(r"https?://[^/\s]+(/\S+)", str(mail.outbox[index].body))
    assert match is not None, mail.outbox[index].body
    return match.group(1)
