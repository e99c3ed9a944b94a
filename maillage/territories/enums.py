"""Choices of the territorial referential: English identifiers, French labels."""

from django.db import models


class Level(models.TextChoices):
    PAYS = "pays", "Pays"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité (EPCI)"
    COMMUNE = "commune", "Commune"
    ARRONDISSEMENT = "arrondissement", "Arrondissement municipal"
    PROJET = "projet", "Territoire de projet"


# Prefix of the canonical id of each level, aligned with the national support-scheme exchange schema.
ID_PREFIXES = {
    Level.PAYS: "PAYS",
    Level.REGION: "REG",
    Level.DEPARTEMENT: "DEP",
    Level.EPCI: "EPCI",
    Level.COMMUNE: "COM",
    Level.ARRONDISSEMENT: "COM",
    Level.PROJET: "TER",
}

# Administrative levels from the widest to the narrowest: used to order parents.
ADMINISTRATIVE_ORDER = [Level.PAYS, Level.REGION, Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE]


class EpciType(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"


class ProjectKind(models.TextChoices):
    PNR = "pnr", "Parc naturel régional"
    PAYS = "pays", "Pays / PETR"
    METROPOLE = "metropole", "Projet métropolitain"
    AUTRE = "autre", "Autre périmètre de projet"


class CommuneCodeKind(models.TextChoices):
    FORMER = "former", "Ancien code (commune fusionnée)"
    DELEGUEE = "deleguee", "Commune déléguée"
    ASSOCIEE = "associee", "Commune associée"


FRANCE_ID = "PAYS-99100"
FRANCE_NAME = "France"
