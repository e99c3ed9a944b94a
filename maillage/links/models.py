"""An outside address the site shows, as last checked: answering, broken, or not checked yet."""

from django.db import models


class LinkStatus(models.TextChoices):
    UNKNOWN = "unknown", "pas encore vérifié"
    OK = "ok", "accessible"
    BROKEN = "broken", "cassé"


class CheckedLink(models.Model):
    """One address and what its last checks found; the checker writes it, pages read it."""

    url = models.CharField("adresse", max_length=2000, unique=True)
    # Kept apart to pace the requests host by host.
    host = models.CharField("serveur", max_length=255, db_index=True)
    status = models.CharField("état", max_length=10, choices=LinkStatus.choices, default=LinkStatus.UNKNOWN)
    last_checked_at = models.DateTimeField("dernière vérification", null=True, blank=True)
    last_ok_at = models.DateTimeField("dernière réponse correcte", null=True, blank=True)
    # Failures in a row since the last correct answer: they space out the next checks (backoff).
    failures = models.PositiveIntegerField("échecs consécutifs", default=0)
    next_check_at = models.DateTimeField("prochaine vérification", null=True, blank=True, db_index=True)
    last_error = models.CharField("dernière erreur", max_length=300, blank=True)
    broken_since = models.DateTimeField("cassé depuis", null=True, blank=True)
    created_at = models.DateTimeField("suivi depuis", auto_now_add=True)

    class Meta:
        verbose_name = "lien vérifié"
        verbose_name_plural = "liens vérifiés"
        ordering = ["host", "url"]

    def __str__(self) -> str:
        return self.url
