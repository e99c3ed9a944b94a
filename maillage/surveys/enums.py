"""Choices of the needs surveys: English identifiers, French labels."""

from django.db import models


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    OPEN = "open", "Ouverte"
    CLOSED = "closed", "Close"
