"""Choices of the initiative fiches and the PTCE charter: English identifiers, French labels."""

from django.db import models


class InitiativeState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumise"
    PUBLISHED = "published", "Publiée"


class InnovationFamily(models.TextChoices):
    """The three families axis 2 of the convention names ("organisation de la coopération…")."""

    COOPERATION = "cooperation", "Organisation de la coopération"
    GOVERNANCE = "governance", "Nouvelles gouvernances"
    ACTIVITY = "activity", "Nouvelles formes d'activité"


class InnovationTag(models.TextChoices):
    """Finer tags, each inside one family (see TAG_FAMILY)."""

    POOLING = "mutualisation", "Mutualisation de moyens"
    EMPLOYER_GROUP = "groupement-employeurs", "Groupement d'employeurs"
    CLUSTER = "pole-cluster", "Pôle ou cluster (PTCE)"
    SHARED_GOVERNANCE = "gouvernance-partagee", "Gouvernance partagée"
    MULTI_STAKEHOLDER = "multi-societariat", "Multi-sociétariat"
    HYBRID_PLACE = "lieu-hybride", "Lieu hybride ou tiers-lieu"
    NEW_SERVICE = "nouveau-service", "Nouveau service ou activité"
    COOPERATIVE_START = "creation-cooperative", "Création d'activité en coopérative"


TAG_FAMILY: dict[str, str] = {
    InnovationTag.POOLING: InnovationFamily.COOPERATION,
    InnovationTag.EMPLOYER_GROUP: InnovationFamily.COOPERATION,
    InnovationTag.CLUSTER: InnovationFamily.COOPERATION,
    InnovationTag.SHARED_GOVERNANCE: InnovationFamily.GOVERNANCE,
    InnovationTag.MULTI_STAKEHOLDER: InnovationFamily.GOVERNANCE,
    InnovationTag.HYBRID_PLACE: InnovationFamily.ACTIVITY,
    InnovationTag.NEW_SERVICE: InnovationFamily.ACTIVITY,
    InnovationTag.COOPERATIVE_START: InnovationFamily.ACTIVITY,
}


class CarrierRole(models.TextChoices):
    CARRIER = "carrier", "Structure porteuse"
    PARTNER = "partner", "Partenaire"


class InitiativeSource(models.TextChoices):
    REFERENCE_SEED = "reference_seed", "Jeu de référence (documents fondateurs)"
    CONTRIBUTION = "contribution", "Contribution"
    ADMIN = "admin", "Saisie d'administration"
