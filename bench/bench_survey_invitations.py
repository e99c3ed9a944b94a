"""Measure the invitation of a needs survey's 200 structures: the request, then the worker sending them.

The request runs through Django's test client as a coordinator of France, with the database task backend
a deployed site uses (`django_tasks_db`): it only enqueues one task per recipient after commit. Then the
real worker (`db_worker --batch`) sends them through the settings' mail backend (in memory under the
test settings, so the worker's figure is its own overhead per message, not an SMTP server's).

Data: 200 structures of the database (generated ones if the directory has fewer), a member each, an open
campaign over France; everything the benchmark writes is deleted at the end.
"""

from __future__ import annotations

import datetime
import os
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.memberships.models import StructureMembership, TerritoryCoordinator
from maillage.structures.generator import generate_structures
from maillage.surveys.models import Campaign
from maillage.surveys.selectors import scope_structures
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory

STRUCTURES = 200
ROUNDS = 5
SEED = 9200
EMAIL_DOMAIN = "bench-invitations.example.org"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _structures(campaign: Campaign) -> list[int]:
    """Return 200 structures the campaign asks (generating a few hundred if the directory lacks them)."""
    ids = list(scope_structures(campaign).order_by("pk").values_list("pk", flat=True)[:STRUCTURES])
    if len(ids) < STRUCTURES:
        generate_structures(count=STRUCTURES * 2, seed=SEED)
        return _structures(campaign)
    return ids


def _cleanup() -> None:
    Campaign.objects.filter(title__startswith="Banc d'essai").delete()
    get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").delete()
    DBTaskResult.objects.filter(task_path="maillage.accounts.tasks.send_email").delete()


def _prepare() -> tuple[Any, Campaign]:
    users = get_user_model()
    coordinator = users.objects.create_user(email=f"coordination@{EMAIL_DOMAIN}")
    TerritoryCoordinator.objects.create(user=coordinator, territory_id=FRANCE_ID)
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="Banc d'essai des invitations",
        territory_id=FRANCE_ID,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=30),
        created_by=coordinator,
    )
    structure_ids = _structures(campaign)
    members = [
        users.objects.create_user(email=f"membre{i}@{EMAIL_DOMAIN}") for i in range(len(structure_ids))
    ]
    StructureMembership.objects.bulk_create(
        StructureMembership(user=user, structure_id=pk)
        for user, pk in zip(members, structure_ids, strict=True)
    )
    return coordinator, campaign


def _round(client: Client, campaign: Campaign) -> dict[str, Any]:
    mail.outbox = []
    DBTaskResult.objects.filter(task_path="maillage.accounts.tasks.send_email").delete()
    start = time.perf_counter()
    response = client.post(reverse("surveys:invite", kwargs={"pk": campaign.pk}))
    request_s = time.perf_counter() - start
    if response.status_code != 302:
        raise SystemExit(f"the invitation answered {response.status_code}")
    queued = DBTaskResult.objects.filter(task_path="maillage.accounts.tasks.send_email").count()
    start = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", "--no-reload", verbosity=0)
    worker_s = time.perf_counter() - start
    return {
        "request_s": round(request_s, 3),
        "queued": queued,
        "worker_s": round(worker_s, 2),
        "sent": len(mail.outbox),
    }


def run() -> dict[str, Any]:
    """Invite the members of 200 structures, warm-up then ROUNDS times; time each request and worker run."""
    if not Territory.objects.filter(pk=FRANCE_ID).exists():
        raise SystemExit("bench_survey_invitations needs the referential: manage.py import_territoires")
    _cleanup()
    figures: dict[str, Any] = {"load_average_before": os.getloadavg()}
    try:
        coordinator, campaign = _prepare()
        client = Client()
        client.force_login(coordinator)
        with override_settings(TASKS=DATABASE_TASKS):
            figures["warm_up"] = _round(client, campaign)  # the first request loads templates and URLs
            rounds = [_round(client, campaign) for _ in range(ROUNDS)]
    finally:
        _cleanup()
    requests = sorted(r["request_s"] for r in rounds)
    figures.update(
        rounds=rounds,
        request_median_s=requests[len(requests) // 2],
        request_max_s=requests[-1],
        all_sent=all(r["sent"] == r["queued"] == STRUCTURES for r in rounds),
    )
    return figures
