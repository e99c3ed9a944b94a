"""NAF rév. 2 sub-classes of cultural activity, with INSEE's labels.

Labels are INSEE's NAF rév. 2 nomenclature (Licence Ouverte), checked against INSEE's file by
tests/structures/test_naf.py.
"""

import re

CULTURAL_NAF_LABELS: dict[str, str] = {
    "58.11Z": "Édition de livres",
    "58.12Z": "Édition de répertoires et de fichiers d'adresses",
    "58.13Z": "Édition de journaux",
    "58.14Z": "Édition de revues et périodiques",
    "59.11A": "Production de films et de programmes pour la télévision",
    "59.11B": "Production de films institutionnels et publicitaires",
    "59.11C": "Production de films pour le cinéma",
    "59.12Z": "Post-production de films cinématographiques, de vidéo et de programmes de télévision",
    "59.13A": "Distribution de films cinématographiques",
    "59.13B": "Edition et distribution vidéo",
    "59.14Z": "Projection de films cinématographiques",
    "59.20Z": "Enregistrement sonore et édition musicale",
    "74.10Z": "Activités spécialisées de design",
    "85.52Z": "Enseignement culturel",
    "90.01Z": "Arts du spectacle vivant",
    "90.02Z": "Activités de soutien au spectacle vivant",
    "90.03A": "Création artistique relevant des arts plastiques",
    "90.03B": "Autre création artistique",
    "90.04Z": "Gestion de salles de spectacles",
    "91.01Z": "Gestion des bibliothèques et des archives",
    "91.02Z": "Gestion des musées",
    "91.03Z": "Gestion des sites et monuments historiques et des attractions touristiques similaires",
    "93.29Z": "Autres activités récréatives et de loisirs",
}

# Codes met among cultural structures without being cultural themselves: botanical gardens and zoos
# (usually left out of the cultural field), and 94.99Z, where many cultural associations are filed, so a
# selection by NAF alone misses them.
OTHER_NAF_LABELS: dict[str, str] = {
    "91.04Z": "Gestion des jardins botaniques et zoologiques et des réserves naturelles",
    "94.99Z": "Autres organisations fonctionnant par adhésion volontaire",
}

NAF_LABELS = CULTURAL_NAF_LABELS | OTHER_NAF_LABELS

NAF_CODE = re.compile(r"\d{2}\.\d{2}[A-Z]")
_LOOSE = re.compile(r"(\d{2})\.?(\d{2})([A-Za-z])")


def normalize_naf_code(code: str) -> str:
    """Return a NAF code as `90.01Z`, SIRENE's spelling, from `9001Z`, `90.01z` or with spaces."""
    compact = code.strip().replace(" ", "")
    match = _LOOSE.fullmatch(compact)
    if match is None:
        return compact
    return f"{match[1]}.{match[2]}{match[3].upper()}"


def naf_label(code: str) -> str:
    """Return INSEE's label of a NAF sub-class listed here, or an empty string."""
    return NAF_LABELS.get(normalize_naf_code(code), "")


def is_cultural_naf(code: str) -> bool:
    """Tell whether a NAF sub-class is a cultural activity."""
    return normalize_naf_code(code) in CULTURAL_NAF_LABELS
