"""Choices of the resource library: kinds of resource and where a record comes from."""

from django.db import models


class ResourceKind(models.TextChoices):
    PUBLICATION = "publication", "Publication"
    GUIDE = "guide", "Guide"
    STUDY = "etude", "Étude"
    SYNTHESIS = "synthese", "Synthèse"
    ARTICLE = "article", "Article"
    OPINION = "tribune", "Tribune"
    PAGE = "page", "Page de présentation"
    VIDEO = "video", "Vidéo"
    TOOL = "outil", "Outil"


class ResourceSource(models.TextChoices):
    ADMIN = "admin", "Saisie"
    REFERENCE_SEED = "reference", "Données de référence"
