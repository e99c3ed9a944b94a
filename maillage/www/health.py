"""The health check a monitor polls: database reachable, migrations applied, freshness of the data."""

import logging
from datetime import datetime

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.imports.models import ImportRun, ImportStatus
from maillage.observatory.models import Snapshot

logger = logging.getLogger(__name__)


def _isoformat(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Answer 200 with the state of the instance when it can serve, 503 when it cannot (no secret)."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        last_import = ImportRun.objects.filter(status=ImportStatus.APPLIED).aggregate(at=Max("finished_at"))
        last_snapshot = Snapshot.objects.filter(is_complete=True).aggregate(at=Max("taken_at"))
    except DatabaseError:
        # The reason (host, user, message) stays in the server's log: the page is public.
        logger.exception("health check: database unreachable")
        return JsonResponse({"statut": "erreur", "base_de_donnees": "injoignable"}, status=503)
    healthy = not pending
    return JsonResponse(
        {
            "statut": "ok" if healthy else "erreur",
            "base_de_donnees": "ok",
            "migrations_en_attente": len(pending),
            "dernier_import": _isoformat(last_import["at"]),
            "dernier_instantane": _isoformat(last_snapshot["at"]),
        },
        status=200 if healthy else 503,
    )
