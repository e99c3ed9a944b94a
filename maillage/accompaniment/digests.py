"""The monthly digest of follow-up checkpoints: one mail per officer listing what falls due this month."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from maillage.accompaniment.enums import Phase
from maillage.accompaniment.models import Checkpoint
from maillage.accompaniment.selectors import month_bounds
from maillage.accounts.emails import send_after_commit


def send_checkpoint_digests(today: datetime.date | None = None) -> int:
    """Mail each active officer the checkpoints not done of their open cases due by the month's end."""
    today = today or timezone.localdate()
    _, last = month_bounds(today)
    due = (
        Checkpoint.objects.filter(done_on__isnull=True, due_on__lte=last, case__officer__is_active=True)
        .exclude(case__phase=Phase.CLOSED)
        .select_related("case__officer")
        .order_by("case__officer_id", "due_on", "pk")
    )
    base = settings.SITE_URL.rstrip("/")
    sent = 0
    for _, checkpoints in groupby(due, key=lambda c: c.case.officer_id):
        items = list(checkpoints)
        officer = items[0].case.officer
        if officer is None or not officer.email:
            continue
        send_after_commit(
            to=[officer.email],
            subject=f"Points de suivi à faire en {today:%m/%Y}",
            template="emails/accompaniment_checkpoints.txt",
            context={
                "checkpoints": items,
                "workspace_url": base + reverse("accompaniment:workspace"),
                "urls": [base + reverse("accompaniment:case", args=[c.case_id]) for c in items],
            },
        )
        sent += 1
    return sent
