"""Categories of lent equipment, kinds of condition reports, who may borrow."""

from django.db import models


class Category(models.TextChoices):
    SOUND = "sound", "Son"
    LIGHT = "light", "Lumière"
    VIDEO = "video", "Vidéo"
    STAGE = "stage", "Plateau"
    VEHICLE = "vehicle", "Véhicule"
    FURNITURE = "furniture", "Mobilier"
    COMPUTING = "computing", "Informatique"
    OTHER = "other", "Autre"


class Audience(models.TextChoices):
    NETWORK = "network", "Mon réseau"
    TERRITORY = "territory", "Mon territoire"
    ANYONE = "anyone", "Toute structure de l'annuaire"


class ReportKind(models.TextChoices):
    HAND_OVER = "hand_over", "Remise"
    CHAIN = "chain", "Passage à l'emprunteur suivant"
    RETURN = "return", "Retour"


class DisputeState(models.TextChoices):
    OPEN = "open", "Ouvert"
    SETTLED = "settled", "Réglé"
