"""Partner portals (a network's, territory's or PTCE's view of maillage) and widget visits, counted daily."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from maillage.concurrency.versions import version_field
from maillage.portals.enums import Colour, Section, Widget
from maillage.structures.models import Discipline, Structure
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory


def new_embed_token() -> str:
    """Return an opaque token naming a portal's preset in widget addresses."""
    return secrets.token_urlsafe(16)


class PortalQuerySet(models.QuerySet["Portal"]):
    def published(self) -> PortalQuerySet:
        """Return the portals shown to the public: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Portal(Sourced):
    """A partner's preset view of the directory, agenda, resources and figures, under its own name."""

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("adresse courte", max_length=80, unique=True)
    logo = models.ImageField("logo", upload_to="portals/logos/", blank=True)
    colour = models.CharField("couleur", max_length=20, choices=Colour.choices, default=Colour.BLUE)
    introduction = models.TextField("présentation", blank=True, max_length=4000)
    # Preset filters: the portal shows only what matches all of them.
    network = models.ForeignKey(
        Structure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="network_portals",
        verbose_name="réseau (ses membres)",
    )
    territory = models.ForeignKey(
        Territory, models.PROTECT, null=True, blank=True, related_name="portals", verbose_name="territoire"
    )
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="portals")
    sections = models.JSONField("rubriques affichées", default=list, blank=True)
    highlighted = models.ManyToManyField(
        Structure, blank=True, related_name="highlighted_in_portals", verbose_name="structures mises en avant"
    )
    excluded = models.ManyToManyField(
        Structure, blank=True, related_name="excluded_from_portals", verbose_name="structures exclues"
    )
    # A host name of the partner's (annuaire.reseau.example) pointed at this site; see ADR 21.
    custom_host = models.CharField("nom d'hôte dédié", max_length=253, null=True, blank=True, unique=True)
    embed_token = models.CharField("jeton des widgets", max_length=40, unique=True, default=new_embed_token)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="owned_portals", verbose_name="responsables"
    )
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    version = version_field()

    objects = PortalQuerySet.as_manager()

    class Meta:
        verbose_name = "portail"
        ordering = ("name", "pk")
        constraints = [
            # A host name is stored lower-case, without port: the lookup compares it as typed in requests.
            models.CheckConstraint(
                condition=Q(custom_host__isnull=True) | ~Q(custom_host=""), name="portal_host_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portals:home", kwargs={"slug": self.slug})

    def shows(self, section: Section | str) -> bool:
        """Tell whether the portal shows this section."""
        return str(section) in self.sections


class WidgetVisit(models.Model):
    """How many times, on one day, people followed a link out of one widget: no person, address or page."""

    widget = models.CharField("widget", max_length=20, choices=Widget.choices)
    portal = models.ForeignKey(Portal, models.CASCADE, null=True, blank=True, related_name="widget_visits")
    day = models.DateField("jour")
    count = models.PositiveIntegerField("visites", default=0)

    class Meta:
        verbose_name = "visite de widget"
        constraints = [
            models.UniqueConstraint(fields=["widget", "portal", "day"], name="widget_visit_per_day"),
            models.UniqueConstraint(
                fields=["widget", "day"], condition=Q(portal__isnull=True), name="widget_visit_per_day_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.widget} {self.day}: {self.count}"
