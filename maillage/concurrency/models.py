"""Named locks: at most one run at a time of the work that bears the name (an import, a recompute)."""

from django.db import models


class Lock(models.Model):
    """A named lock held by one process; the unique name makes the database refuse a second holder."""

    name = models.CharField("nom", max_length=100, unique=True)
    # Who holds it, to tell the person refused what runs and since when, and to spot a dead holder.
    pid = models.PositiveIntegerField("processus")
    host = models.CharField("machine", max_length=255)
    token = models.CharField("jeton", max_length=32)
    started_at = models.DateTimeField("depuis le")

    class Meta:
        verbose_name = "verrou"
        verbose_name_plural = "verrous"

    def __str__(self) -> str:
        return f"{self.name} ({self.pid} sur {self.host}, depuis {self.started_at:%d/%m/%Y %H:%M})"
