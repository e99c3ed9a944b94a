"""Kinds of spaces in a shared place, and who may book them."""

from django.db import models


class SpaceKind(models.TextChoices):
    ROOM = "room", "Salle"
    STUDIO = "studio", "Studio de répétition"
    OFFICE = "office", "Bureau"
    WORKSHOP = "workshop", "Atelier"
    STAGE = "stage", "Plateau"
    OTHER = "other", "Autre espace"


class SpaceAudience(models.TextChoices):
    RESIDENTS = "residents", "Les résidents du lieu"
    NETWORKS = "networks", "Les résidents et les membres de leurs réseaux"
    PUBLIC = "public", "Toute structure de l'annuaire"


# ISO weekdays (1 = Monday), as `closed_weekdays` stores them.
WEEKDAYS = {1: "lundi", 2: "mardi", 3: "mercredi", 4: "jeudi", 5: "vendredi", 6: "samedi", 7: "dimanche"}
