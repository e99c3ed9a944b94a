"""Background tasks of the link checker."""

from django.tasks import task

from maillage.links.services import check_links


@task
def check_links_task() -> str:
    """Check the watched addresses that are due; return the run's summary line."""
    return str(check_links())
