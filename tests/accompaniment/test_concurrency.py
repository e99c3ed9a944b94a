"""Conflicts decided by the database: ten officers moving one case, ten shares of one case at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maillage.accompaniment.enums import Phase, ShareScope
from maillage.accompaniment.models import Case, Share
from maillage.accompaniment.phases import case_advance
from maillage.accompaniment.sharing import case_share
from maillage.concurrency.versions import StaleWriteError
from tests.accompaniment.factories import world
from tests.concurrency.conftest import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_advances_from_one_version_move_the_case_once() -> None:
    w = world()
    version = w.case.version

    def advance(_: int) -> object:
        return case_advance(case=Case.objects.get(pk=w.case.pk), actor=w.officer_a, expected_version=version)

    results = race(advance)
    assert sum(isinstance(r, Case) for r in results) == 1
    assert all(isinstance(r, (Case, StaleWriteError)) for r in results)
    assert Case.objects.get(pk=w.case.pk).phase == Phase.DIAGNOSTIC


def test_ten_shares_with_one_body_at_once_leave_one_live_share() -> None:
    w = world()

    def share(_: int) -> object:
        return case_share(case=Case.objects.get(pk=w.case.pk), actor=w.officer_a, grantee=w.body_b,
                          scope=ShareScope.SUMMARY)  # fmt: skip

    results = race(share)
    assert sum(isinstance(r, Share) for r in results) == 1
    assert all(isinstance(r, (Share, ValidationError)) for r in results)
    assert Share.objects.filter(case=w.case, revoked_at__isnull=True).count() == 1
