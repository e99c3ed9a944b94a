"""Conflicts decided by the database: ten officers moving one case, sharing it, setting a body's months,
withdrawing a document, or queuing the figures at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.accompaniment.attachments import attachment_add, attachment_withdraw
from maillage.accompaniment.enums import Phase, ShareScope
from maillage.accompaniment.models import Attachment, Body, Case, PendingFigures, Share
from maillage.accompaniment.phases import case_advance
from maillage.accompaniment.services import body_update
from maillage.accompaniment.sharing import case_share
from maillage.accompaniment.warm import figures_changed
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


def test_ten_changes_of_the_checkpoint_months_from_one_version_keep_one() -> None:
    w = world()
    version = w.body_a.version

    def change(n: int) -> object:
        body = Body.objects.get(pk=w.body_a.pk)
        return body_update(body=body, actor=w.officer_a, expected_version=version, checkpoint_months=[n + 1])

    results = race(change)
    winners = [r for r in results if isinstance(r, Body)]
    assert len(winners) == 1
    assert all(isinstance(r, (Body, StaleWriteError)) for r in results)
    assert Body.objects.get(pk=w.body_a.pk).checkpoint_months == winners[0].checkpoint_months


def test_ten_withdrawals_of_one_document_at_once_withdraw_it_once(settings: Any, tmp_path: Path) -> None:
    settings.ACCOMPANIMENT_PRIVATE_ROOT = tmp_path
    w = world()
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-1.4\n%%EOF\n")
    attachment = attachment_add(case=w.case, actor=w.officer_a, upload=upload, kind="convention")

    def withdraw(_: int) -> object:
        return attachment_withdraw(attachment=Attachment.objects.get(pk=attachment.pk), actor=w.officer_a)

    results = race(withdraw)
    assert sum(isinstance(r, Attachment) for r in results) == 1
    assert all(isinstance(r, (Attachment, ValidationError)) for r in results)
    assert Attachment.objects.filter(pk=attachment.pk, withdrawn_at__isnull=False).count() == 1


def test_ten_case_writes_at_once_queue_their_scopes_once_each() -> None:
    w = world()
    PendingFigures.objects.all().delete()

    def changed(_: int) -> object:
        figures_changed(body_id=w.body_a.pk, region_id=None)
        return True

    assert all(r is True for r in race(changed))
    assert set(PendingFigures.objects.values_list("scope", flat=True)) <= {"france", f"body:{w.body_a.pk}"}
