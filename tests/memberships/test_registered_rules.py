"""Feature apps decide on their own records through `can`, by a rule they register (ADR 7)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.history.models import Revision
from maillage.memberships import rules
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision_rule() -> Iterator[list[tuple[str, str]]]:
    """Register a rule on a model no app rules on yet, record its calls, then remove it."""
    calls: list[tuple[str, str]] = []

    def rule(user: Any, action: str, obj: Any) -> bool:
        calls.append((getattr(user, "email", "anonyme"), action))
        return action in {"view", "publish"} and getattr(user, "email", "") != "refuse@example.org"

    rules.register_rule(Revision, rule)
    yield calls
    del rules.RULES[Revision]


def test_a_registered_rule_decides_a_features_own_action(revision_rule: list[tuple[str, str]]) -> None:
    allowed = UserFactory.create(email="ok@example.org")
    refused = UserFactory.create(email="refuse@example.org")
    record = Revision()

    assert rules.can(allowed, "publish", record) is True
    assert rules.can(refused, "publish", record) is False
    assert rules.can(allowed, "destroy", record) is False
    assert ("ok@example.org", "publish") in revision_rule


def test_anonymous_visitors_get_at_most_view_and_admins_everything(
    revision_rule: list[tuple[str, str]],
) -> None:
    admin = UserFactory.create(is_superuser=True)
    record = Revision()

    assert rules.can(AnonymousUser(), "view", record) is True
    assert rules.can(AnonymousUser(), "publish", record) is False
    assert rules.can(admin, "destroy", record) is True
