"""Background tasks of accompaniment."""

from django.tasks import task

from maillage.accompaniment.digests import send_checkpoint_digests


@task
def checkpoint_digest_task() -> str:
    """Send the officers' digests of checkpoints due this month; return the summary line."""
    return f"{send_checkpoint_digests()} résumé(s) de points de suivi envoyé(s)"
