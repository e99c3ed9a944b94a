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

# The discipline a cultural NAF sub-class states by its own label (slugs of structures' disciplines),
# marked "déduite de l'activité (NAF)" and yielding to a person's choice. Codes whose label names no
# discipline (90.03B autre création artistique, 85.52Z enseignement culturel, 74.10Z design, the press
# and directories of 58.12Z to 58.14Z, 93.29Z loisirs) derive none.
NAF_DISCIPLINES: dict[str, str] = {
    "90.01Z": "spectacle-vivant",  # Arts du spectacle vivant
    "90.02Z": "spectacle-vivant",  # Activités de soutien au spectacle vivant
    "90.04Z": "spectacle-vivant",  # Gestion de salles de spectacles
    "59.11A": "cinema-audiovisuel",  # Production de films et de programmes pour la télévision
    "59.11B": "cinema-audiovisuel",  # Production de films institutionnels et publicitaires
    "59.11C": "cinema-audiovisuel",  # Production de films pour le cinéma
    "59.12Z": "cinema-audiovisuel",  # Post-production de films…
    "59.13A": "cinema-audiovisuel",  # Distribution de films cinématographiques
    "59.13B": "cinema-audiovisuel",  # Edition et distribution vidéo
    "59.14Z": "cinema-audiovisuel",  # Projection de films cinématographiques
    "59.20Z": "musique",  # Enregistrement sonore et édition musicale
    "90.03A": "arts-visuels-numeriques",  # Création artistique relevant des arts plastiques
    "58.11Z": "livre-lecture",  # Édition de livres
    "91.01Z": "livre-lecture",  # Gestion des bibliothèques et des archives
    "91.02Z": "patrimoine",  # Gestion des musées
    "91.03Z": "patrimoine",  # Gestion des sites et monuments historiques…
}

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


def naf_discipline(code: str) -> str:
    """Return the slug of the discipline a cultural NAF sub-class states, or an empty string."""
    return NAF_DISCIPLINES.get(normalize_naf_code(code), "") if code else ""
