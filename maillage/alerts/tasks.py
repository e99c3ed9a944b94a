"""Background tasks of the alerts."""

from django.tasks import task

from maillage.alerts.digests import send_digests


@task
def send_alerts_task(frequency: str) -> str:
    """Send the digests of the alerts of one frequency ("daily" or "weekly"); return the summary line."""
    return str(send_digests(frequency=frequency))
