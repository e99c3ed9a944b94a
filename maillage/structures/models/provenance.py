"""Where a record of the directory comes from, shared by structures, key figures and relations."""

from django.db import models


class Sourced(models.Model):
    """The document a record comes from: its title, address and date, and when the record changed."""

    source_label = models.CharField("document source", max_length=300, blank=True)
    source_url = models.URLField("adresse de la source", max_length=500, blank=True)
    source_date = models.DateField("date de la source", null=True, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        abstract = True
