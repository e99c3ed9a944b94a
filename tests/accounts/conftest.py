"""Fixtures of the account tests: an empty cache (rate limits), mail helpers."""

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with no rate-limit counter left by another."""
    cache.clear()
    yield
    cache.clear()


def link_in_mail(index: int = -1) -> str:
    """Return the path of the first link of the outbox's message (the last one by default)."""
    match = re.search(r"https?://[^/\s]+(/\S+)", str(mail.outbox[index].body))
    assert match is not None, mail.outbox[index].body
    return match.group(1)
