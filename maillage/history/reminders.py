"""Remind managers, by e-mail, of the records nobody confirmed for too long: at most once a period."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.history.models import ConfirmationReminder
from maillage.history.selectors import stale_condition, stale_since
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure


@dataclass
class ReminderRun:
    """What a run sent, or would send: one e-mail per manager, listing that manager's stale structures."""

    by_manager: dict[Any, list[Structure]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def structures(self) -> set[int]:
        return {s.pk for structures in self.by_manager.values() for s in structures}


def stale_reminders_send(
    *, days: int, base_url: str = "", dry_run: bool = False, now: datetime.datetime | None = None
) -> ReminderRun:
    """E-mail each manager the stale structures they manage that were not reminded within `days` days."""
    now = now or timezone.now()
    stale = (
        Structure.objects.filter(stale_condition(days, now=now), is_active=True)
        .exclude(confirmation_reminder__sent_at__gte=stale_since(days, now=now))
        .values("pk")
    )
    memberships = (
        StructureMembership.objects.filter(
            structure_id__in=stale,
            role=MemberRole.MANAGER,
            user__is_active=True,
            # Only addresses their owner proved: a reminder is not a way to reach strangers.
            user__email_confirmed_at__isnull=False,
        )
        .select_related("user", "structure__commune")
        .order_by("user_id", "structure__name")
    )
    by_manager: dict[Any, list[Structure]] = defaultdict(list)
    for membership in memberships:
        by_manager[membership.user].append(membership.structure)
    run = ReminderRun(by_manager=dict(by_manager), dry_run=dry_run)
    if not dry_run:
        with transaction.atomic():
            _send(run, days=days, base_url=base_url.rstrip("/"), now=now)
    return run


def _send(run: ReminderRun, *, days: int, base_url: str, now: datetime.datetime) -> None:
    for user, structures in run.by_manager.items():
        send_after_commit(
            to=[user.email],
            subject="Vos fiches de l'annuaire sont-elles toujours à jour ?",
            template="emails/upkeep_stale_reminder.txt",
            context={
                "user": user,
                "days": days,
                "structures": [
                    (s, base_url + reverse("structures:detail", kwargs={"slug": s.slug})) for s in structures
                ],
            },
        )
    reminded = run.structures
    ConfirmationReminder.objects.filter(structure_id__in=reminded).delete()
    ConfirmationReminder.objects.bulk_create(
        [ConfirmationReminder(structure_id=pk, sent_at=now) for pk in sorted(reminded)]
    )
