"""Roles people hold on structures, and the actions the permission rules decide."""

from django.db import models


class MemberRole(models.TextChoices):
    MEMBER = "member", "Membre"
    MANAGER = "manager", "Gestionnaire"


class Action(models.TextChoices):
    """What someone may want to do to a record; `rules.can` decides each one."""

    VIEW = "view", "Consulter"
    EDIT = "edit", "Modifier directement"
    PROPOSE = "propose", "Proposer une modification"
    MANAGE_MEMBERS = "manage_members", "Gérer les membres"
    MODERATE = "moderate", "Modérer (accepter, refuser, annuler)"
    MERGE = "merge", "Fusionner des doublons"
    VIEW_HISTORY = "view_history", "Consulter l'historique détaillé"
    VIEW_PAST_CONTACTS = "view_past_contacts", "Consulter les anciennes coordonnées"
    EXPORT_PERIMETER = "export_perimeter", "Exporter et consolider un périmètre"
    RUN_CAMPAIGN = "run_campaign", "Mener une enquête de besoins"
    ANSWER_CAMPAIGN = "answer_campaign", "Répondre pour la structure"
    REVIEW_SOURCE_CHANGE = "review_source_change", "Accepter ou écarter ce qu'une source dit désormais"
    VIEW_WITHDRAWN = "view_withdrawn", "Consulter une fiche retirée de la publication"


class RoleKind(models.TextChoices):
    """The roles a role log speaks of."""

    MEMBER = "member", "Membre"
    MANAGER = "manager", "Gestionnaire"
    NETWORK_COORDINATOR = "network_coordinator", "Coordination de réseau"
    TERRITORY_COORDINATOR = "territory_coordinator", "Coordination territoriale"
    ACCOMPANIMENT_OFFICER = "accompaniment_officer", "Chargé·e d'accompagnement"
    CONSULTANT = "consultant", "Prestataire d'accompagnement"
    RESOURCE_CENTRE = "resource_centre", "Centre de ressources"


class RoleChange(models.TextChoices):
    GRANTED = "granted", "Attribué"
    REVOKED = "revoked", "Retiré"
