"""Choices of the calls for projects: English identifiers, French labels."""

from django.db import models


class CallStatus(models.TextChoices):
    DRAFT = "draft", "En préparation"
    PUBLISHED = "published", "Publié"
    WITHDRAWN = "withdrawn", "Retiré"


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", "Texte court"
    LONG_TEXT = "long_text", "Texte long"
    NUMBER = "number", "Nombre entier"
    CHOICE = "choice", "Choix dans une liste"
    YES_NO = "yes_no", "Oui ou non"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Déposée"
    WITHDRAWN = "withdrawn", "Retirée"


class Decision(models.TextChoices):
    PENDING = "pending", "En attente"
    SELECTED = "selected", "Retenue"
    WAITLISTED = "waitlisted", "Liste d'attente"
    REJECTED = "rejected", "Non retenue"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", "Président du comité"
    REVIEWER = "reviewer", "Évaluateur"
