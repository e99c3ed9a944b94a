"""The resource library: curated publications, guides, studies, articles… and collections of them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from maillage.concurrency.versions import version_field
from maillage.resources.enums import ResourceKind, ResourceSource
from maillage.resources.managers import ResourceQuerySet
from maillage.search.fulltext import document
from maillage.structures.enums import DatePrecision
from maillage.structures.models import Discipline, Structure
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory

FTS_TABLE = "resources_resource_fts"


class Resource(Sourced):
    """A resource worth reading, described as its publisher states it, linked to the directory."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    kind = models.CharField(
        "type", max_length=20, choices=ResourceKind.choices, default=ResourceKind.PUBLICATION
    )
    summary = models.TextField("résumé", blank=True)
    # Creators and publisher: structures of the directory where they are, names otherwise.
    publisher = models.ForeignKey(
        Structure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="published_resources",
        verbose_name="éditeur (structure)",
    )
    publisher_name = models.CharField("éditeur (nom)", max_length=300, blank=True)
    creators = models.ManyToManyField(
        Structure, blank=True, related_name="created_resources", verbose_name="auteurs (structures)"
    )
    creator_names = models.CharField("auteurs (noms)", max_length=500, blank=True)
    # Structures the resource is about (the initiative a page presents): its "related" items come from them.
    structures = models.ManyToManyField(
        Structure, blank=True, related_name="resources_about", verbose_name="structures concernées"
    )
    published_on = models.DateField("date", null=True, blank=True)
    # "2010" is stored as 2010-01-01 with YEAR, and shown as the year alone.
    date_precision = models.CharField(
        "précision de la date", max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    url = models.URLField("adresse", max_length=500, blank=True)
    url_broken_since = models.DateTimeField("lien cassé depuis", null=True, blank=True)
    licence = models.CharField("licence", max_length=200, blank=True)
    language = models.CharField("langue", max_length=10, default="fr")
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="resources", verbose_name="territoires concernés"
    )
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="resources")
    # The need categories of the needs questionnaire (maillage.schemes.needs), as for schemes.
    needs = models.JSONField("thèmes (besoins)", default=list, blank=True)
    source = models.CharField(
        "source", max_length=20, choices=ResourceSource.choices, default=ResourceSource.ADMIN
    )
    source_id = models.CharField("identifiant à la source", max_length=120, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField("motif du retrait", max_length=300, blank=True)
    # French stems of title, authors, publisher and summary, indexed by FTS5 or GIN (ADR 3).
    search_document = models.TextField("document indexé", blank=True, editable=False)
    version = version_field()

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        ordering = ("title", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("source", "source_id"), condition=~Q(source_id=""), name="resource_source_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"slug": self.slug})

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_document = self.index_document()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document"}
        super().save(*args, **kwargs)

    def index_document(self) -> str:
        """Return the analysed text the full-text index holds for this resource."""
        return document(
            (self.title, 3),
            (f"{self.publisher_label()} {self.creator_names}", 2),
            (self.summary, 1),
        )

    def publisher_label(self) -> str:
        """Return the publisher's name, from the directory when the publisher is there."""
        return self.publisher.name if self.publisher_id and self.publisher else self.publisher_name


class Collection(Sourced):
    """A curated, ordered list of resources with an editor's note, possibly inside another collection."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    note = models.TextField("note de l'éditeur", blank=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="collection parente",
    )
    editor = models.ForeignKey(
        Structure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resource_collections",
        verbose_name="éditeur (structure)",
    )
    resources = models.ManyToManyField(Resource, through="CollectionItem", related_name="collections")
    source = models.CharField(
        "source", max_length=20, choices=ResourceSource.choices, default=ResourceSource.ADMIN
    )
    source_id = models.CharField("identifiant à la source", max_length=120, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField("motif du retrait", max_length=300, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "collection de ressources"
        verbose_name_plural = "collections de ressources"
        ordering = ("title", "id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resources:collection", kwargs={"slug": self.slug})


class CollectionItem(models.Model):
    """A resource's place in a collection, and what the editor says of it there."""

    collection = models.ForeignKey(Collection, models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, models.PROTECT, related_name="collection_items")
    position = models.PositiveSmallIntegerField("ordre", default=0)
    note = models.TextField("note de l'éditeur", blank=True)

    class Meta:
        verbose_name = "ressource d'une collection"
        verbose_name_plural = "ressources d'une collection"
        ordering = ("position", "id")
        constraints = [
            models.UniqueConstraint(fields=("collection", "resource"), name="collection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection} : {self.resource}"
