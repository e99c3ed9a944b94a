"""Choices of accompaniment: bodies, staff roles, phases of a case, outcomes, shares."""

from django.db import models


class BodyKind(models.TextChoices):
    DLA_DEPARTEMENTAL = "dla_departemental", "DLA départemental"
    DLA_REGIONAL = "dla_regional", "DLA régional"
    CRDLA = "crdla", "CRDLA (centre de ressources DLA)"
    CRESS = "cress", "CRESS"
    FEDERATION = "federation", "Fédération"


class StaffRole(models.TextChoices):
    """Roles held on a body; a consultant (prestataire) is attached to given actions instead."""

    OFFICER = "officer", "Chargé·e d'accompagnement"
    RESOURCE_CENTRE = "resource_centre", "Centre de ressources"


class Phase(models.TextChoices):
    WELCOME = "welcome", "Accueil"
    DIAGNOSTIC = "diagnostic", "Diagnostic partagé"
    PLAN = "plan", "Plan d'accompagnement"
    ACTIONS = "actions", "Actions"
    FOLLOW_UP = "follow_up", "Suivi"
    CLOSED = "closed", "Clos"


# The order a case moves in; closing is possible from any phase, with a reason.
PHASE_ORDER = [Phase.WELCOME, Phase.DIAGNOSTIC, Phase.PLAN, Phase.ACTIONS, Phase.FOLLOW_UP, Phase.CLOSED]
NEXT_STEP = {
    Phase.WELCOME: "Poser le diagnostic partagé",
    Phase.DIAGNOSTIC: "Établir le plan d'accompagnement",
    Phase.PLAN: "Engager les actions",
    Phase.ACTIONS: "Passer au suivi",
    Phase.FOLLOW_UP: "Faire le point de suivi",
    Phase.CLOSED: "",
}


class CloseReason(models.TextChoices):
    COMPLETED = "completed", "Accompagnement mené à son terme"
    ABANDONED = "abandoned", "Abandonné"
    REDIRECTED = "redirected", "Réorienté"


class ShareScope(models.TextChoices):
    SUMMARY = "summary", "Synthèse (phases, besoins, plan, actions)"
    FULL = "full", "Dossier complet (diagnostic et situations compris)"


class CaseAction(models.TextChoices):
    """What someone may do to a case; `memberships.rules.can` asks the case rule."""

    VIEW = "view", "Consulter le dossier"
    VIEW_DIAGNOSTIC = "view_diagnostic", "Consulter le diagnostic et les situations"
    EDIT = "edit", "Faire avancer le dossier"
    SHARE = "share", "Partager le dossier"
    VIEW_LOG = "view_log", "Consulter le journal des accès"


class AccessKind(models.TextChoices):
    READ = "read", "Lecture"
    SHARED = "shared", "Partage"
    REVOKED = "revoked", "Fin de partage"
