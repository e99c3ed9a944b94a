"""Choices of the schemes catalogue: the Etalab schema's own values, then the extensions it lacks."""

from django.db import models


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Soumis à modération"
    PUBLISHED = "published", "Publié"
    CLOSED = "closed", "Clos"
    WITHDRAWN = "withdrawn", "Retiré"


class Variant(models.TextChoices):
    """Which variant of Etalab's schema a record follows (the professionnels one adds typed criteria)."""

    BASE = "dispositif-aide", "Dispositif d'aide"
    PROFESSIONNELS = "dispositif-aide-professionnels", "Dispositif d'aide aux professionnels"


class Target(models.TextChoices):
    """The schema's `cibles`: its four allowed values."""

    PROFESSIONNELS = "professionnels", "Professionnels"
    PARTICULIERS = "particuliers", "Particuliers"
    ASSOCIATIONS = "associations", "Associations"
    SECTEUR_PUBLIC = "secteur public", "Secteur public"


class SizeCategory(models.TextChoices):
    """INSEE's company size categories, as the schema names them."""

    MIC = "MIC", "Microentreprise"
    PME = "PME", "Petite et moyenne entreprise"
    ETI = "ETI", "Entreprise de taille intermédiaire"
    GE = "GE", "Grande entreprise"


class Instrument(models.TextChoices):
    """Solidarity-finance instruments (extension): the convention names funds, ethical loans, endowments."""

    LOAN = "pret", "Prêt"
    GUARANTEE = "garantie", "Garantie"
    EQUITY = "fonds_propres", "Apport en fonds propres"
    SOLIDARITY_FUND = "fonds_solidarite", "Fonds de solidarité"
    ETHICAL_LOAN = "emprunt_ethique", "Emprunt éthique"
    ENDOWMENT_FUND = "fonds_dotation", "Fonds de dotation"
    SOLIDARITY_SAVINGS = "epargne_solidaire", "Épargne solidaire"


class AccompanimentFormat(models.TextChoices):
    """How support is given (extension)."""

    INDIVIDUAL = "individuel", "Accompagnement individuel"
    COLLECTIVE = "collectif", "Accompagnement collectif"
    DLA = "dla", "Accompagnement DLA"


class TagKind(models.TextChoices):
    """The multi-valued fields searched by facet, copied into SchemeTag rows."""

    AID_TYPE = "type_aide", "Type d'aide"
    TARGET = "cible", "Cible"
    NEED = "besoin", "Besoin"
    INSTRUMENT = "instrument", "Instrument"
    FORMAT = "format", "Format d'accompagnement"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REJECTED = "rejected", "Écartée"
