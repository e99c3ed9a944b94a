"""Choices of contributions: what a request asks for and where it stands."""

from django.db import models


class RequestKind(models.TextChoices):
    EDIT = "edit", "Modification"
    CREATE = "create", "Création"
    CLAIM = "claim", "Revendication"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    WITHDRAWN = "withdrawn", "Retirée"
