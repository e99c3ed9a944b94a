"""Background tasks of accompaniment."""

from django.tasks import task

from maillage.accompaniment.digests import send_checkpoint_digests
from maillage.accompaniment.warm import warm_pending


@task
def checkpoint_digest_task() -> str:
    """Send the officers' digests of checkpoints due this month; return the summary line."""
    return f"{send_checkpoint_digests()} résumé(s) de points de suivi envoyé(s)"


@task
def figures_warm_task() -> int:
    """Compute the figures of the scopes case writes made stale, until none waits; return how many."""
    taken = 0
    while scopes := warm_pending():
        taken += len(scopes)
    return taken
