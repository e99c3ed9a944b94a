"""Choices of the events app: English identifiers, French labels."""

from django.db import models


class EventKind(models.TextChoices):
    MEETING = "rencontre", "Rencontre"
    PROFESSIONAL_DAY = "journee-professionnelle", "Journée professionnelle"
    TRAINING = "formation", "Formation"
    WORKSHOP = "atelier", "Atelier"
    FESTIVAL = "festival", "Festival"
    CONFERENCE = "conference", "Conférence"
    OTHER = "autre", "Autre"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    CANCELLED = "cancelled", "Annulé"


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", "Sur place"
    ONLINE = "online", "En ligne"
    MIXED = "mixed", "Sur place et en ligne"


class SeriesKind(models.TextChoices):
    CYCLE = "cycle", "Cycle de rencontres"
    RECURRING = "recurring", "Rendez-vous récurrent"


class OrganiserRole(models.TextChoices):
    ORGANISER = "organiser", "Organisateur"
    PARTNER = "partner", "Partenaire"


class EventSource(models.TextChoices):
    ADMIN = "admin", "Saisie"
    REFERENCE_SEED = "reference", "Documents fondateurs"
    OPENAGENDA = "openagenda", "Import OpenAgenda"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Inscrit"
    WAITING = "waiting", "En liste d'attente"
    CANCELLED = "cancelled", "Annulée"


class Accessibility(models.TextChoices):
    """The disabilities an event welcomes, with OpenAgenda's codes."""

    HEARING = "hi", "Handicap auditif"
    VISUAL = "vi", "Handicap visuel"
    MOTOR = "mi", "Handicap moteur"
    PSYCHIC = "pi", "Handicap psychique"
    INTELLECTUAL = "ii", "Handicap intellectuel"
