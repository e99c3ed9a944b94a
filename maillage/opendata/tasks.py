"""Background task of open data: the daily publication, run by the database worker."""

from django.tasks import task

from maillage.opendata.publication import publish_opendata


@task
def publish_opendata_task(*, only: str = "") -> str:
    """Publish every dataset (or those named, comma-separated) and return the summary line."""
    names = [name for name in only.split(",") if name]
    return str(publish_opendata(only=names or None))
