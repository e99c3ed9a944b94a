"""Choices of the directory of structures: English identifiers, French labels."""

from django.db import models


class StructureKind(models.TextChoices):
    CULTURAL = "cultural", "Structure artistique ou culturelle"
    NETWORK = "network", "Réseau ou fédération"
    PTCE_CLUSTER = "ptce_cluster", "PTCE ou cluster"
    EMPLOYER_GROUP = "employer_group", "Groupement d'employeurs"
    CRESS = "cress", "CRESS (chambre régionale de l'ESS)"
    DLA = "dla", "DLA (dispositif local d'accompagnement)"
    SUPPORT_CENTRE = "support_centre", "Centre de ressources ou d'accompagnement"
    FUNDER = "funder", "Financeur"
    PUBLIC_BODY = "public_body", "Collectivité ou organisme public"
    OTHER = "other", "Autre"


class EssFamily(models.TextChoices):
    ASSOCIATION = "association", "Association"
    COOPERATIVE_SCOP = "cooperative_scop", "Coopérative : SCOP"
    COOPERATIVE_SCIC = "cooperative_scic", "Coopérative : SCIC"
    COOPERATIVE_CAE = "cooperative_cae", "Coopérative : CAE (coopérative d'activité et d'emploi)"
    COOPERATIVE_OTHER = "cooperative_other", "Autre coopérative"
    MUTUELLE = "mutuelle", "Mutuelle"
    FONDATION = "fondation", "Fondation"
    ESUS_COMPANY = "esus_company", "Entreprise de l'ESS à statut commercial (ESUS)"
    OTHER = "other", "Hors des familles de l'ESS"
    UNKNOWN = "unknown", "Non renseignée"


COOPERATIVE_FAMILIES = frozenset(
    {
        EssFamily.COOPERATIVE_SCOP,
        EssFamily.COOPERATIVE_SCIC,
        EssFamily.COOPERATIVE_CAE,
        EssFamily.COOPERATIVE_OTHER,
    }
)
# Families that belong to the ESS by their legal form (law of 31 July 2014, article 1).
STATUTORY_ESS_FAMILIES = COOPERATIVE_FAMILIES | {
    EssFamily.ASSOCIATION,
    EssFamily.MUTUELLE,
    EssFamily.FONDATION,
}


class Activity(models.TextChoices):
    CREATION = "creation", "Création"
    PRODUCTION = "production", "Production"
    DIFFUSION = "diffusion", "Diffusion"
    VENUE = "venue", "Lieu"
    TECHNICAL_SERVICES = "technical_services", "Prestation technique"
    TRAINING = "training", "Formation"
    MEDIATION = "mediation", "Médiation"
    SUPPORT = "support", "Ressource et accompagnement"


class LabelKind(models.TextChoices):
    LABEL = "label", "Label"
    LICENCE = "licence", "Licence"
    APPROVAL = "approval", "Agrément"


class DataSource(models.TextChoices):
    REFERENCE_SEED = "reference_seed", "Jeu de référence (documents fondateurs)"
    SIRENE = "sirene", "SIRENE (INSEE)"
    NETWORK_FILE = "network_file", "Fichier d'un réseau"
    CONTRIBUTION = "contribution", "Contribution"
    ADMIN = "admin", "Saisie d'administration"


class Metric(models.TextChoices):
    BUDGET = "budget", "Budget"
    TURNOVER = "turnover", "Chiffre d'affaires"
    EMPLOYEES = "employees", "Salariés"
    FTE = "fte", "Équivalents temps plein"
    INTERMITTENTS = "intermittents", "Intermittents du spectacle"
    VOLUNTEERS = "volunteers", "Bénévoles"
    MEMBERS = "members", "Adhérents"
    STRUCTURES_MEMBERS = "structures_members", "Structures membres"


MONETARY_METRICS = frozenset({Metric.BUDGET, Metric.TURNOVER})


class RelationKind(models.TextChoices):
    MEMBER_OF = "member_of", "Membre de"
    SHAREHOLDER_OF = "shareholder_of", "Sociétaire de (SCIC)"
    PARTNER = "partner", "Partenaire de"
    POOLING_PREMISES = "pooling_premises", "Partage des locaux avec"
    POOLING_STAFF = "pooling_staff", "Partage du personnel avec"
    POOLING_EQUIPMENT = "pooling_equipment", "Partage du matériel avec"
    COPRODUCTION = "coproduction", "Coproduit avec"
    FOUNDER_OF = "founder_of", "Fondateur de"
    SUPPORTED_BY = "supported_by", "Soutenu par"
    STEERING_COMMITTEE_MEMBER_OF = "steering_committee_member_of", "Membre du comité de pilotage de"
    SIGNATORY_OF = "signatory_of", "Signataire de"
    ORGANISER_OF = "organiser_of", "Co-organisateur de"


class RelationState(models.TextChoices):
    """Whether the other end agreed: a network confirms who is its member (see ADR on consent)."""

    DECLARED = "declared", "Déclarée"
    ACCEPTED = "accepted", "Confirmée"
    REFUSED = "refused", "Refusée"


# Kinds whose object is a collective act (a convention signed, an event organised), named in
# Relation.joint_act, rather than another structure: see Relation.
JOINT_ACT_KINDS = frozenset({RelationKind.SIGNATORY_OF, RelationKind.ORGANISER_OF})
# Kinds read the same both ways: stored once, listed on both structures.
SYMMETRIC_KINDS = frozenset(
    {
        RelationKind.PARTNER,
        RelationKind.POOLING_PREMISES,
        RelationKind.POOLING_STAFF,
        RelationKind.POOLING_EQUIPMENT,
        RelationKind.COPRODUCTION,
    }
)


class DatePrecision(models.TextChoices):
    """How much of a date the source states: "octobre 2010" is stored as 2010-10-01 with MONTH."""

    YEAR = "year", "Année"
    MONTH = "month", "Mois"
    DAY = "day", "Jour"


class HeadcountBand(models.TextChoices):
    """SIRENE's `trancheEffectifs` codes (employees at 31 December), INSEE's own labels."""

    NONE = "00", "0 salarié"
    B1_2 = "01", "1 ou 2 salariés"
    B3_5 = "02", "3 à 5 salariés"
    B6_9 = "03", "6 à 9 salariés"
    B10_19 = "11", "10 à 19 salariés"
    B20_49 = "12", "20 à 49 salariés"
    B50_99 = "21", "50 à 99 salariés"
    B100_199 = "22", "100 à 199 salariés"
    B200_249 = "31", "200 à 249 salariés"
    B250_499 = "32", "250 à 499 salariés"
    B500_999 = "41", "500 à 999 salariés"
    B1000_1999 = "42", "1 000 à 1 999 salariés"
    B2000_4999 = "51", "2 000 à 4 999 salariés"
    B5000_9999 = "52", "5 000 à 9 999 salariés"
    B10000 = "53", "10 000 salariés et plus"
    # SIRENE's "NN" and an empty cell both mean the unit declared no employee count.
    UNKNOWN = "NN", "Non renseignée (unité non employeuse ou effectif inconnu)"


class WithdrawalReason(models.TextChoices):
    """Why a record is no longer published; it is kept, with everything attached, for its people."""

    PARTLY_PUBLIC = "partly_public", "Diffusion partielle dans SIRENE (l'INSEE ne la publie plus)"
    STAFF = "staff", "Retirée par l'administration"


class SourceChangeState(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    KEPT = "kept", "Valeur de la fiche gardée"
    OBSOLETE = "obsolete", "Sans objet (la source a rejoint la fiche)"
