"""The seed documents the reference dataset cites, and the collective acts they name."""

import datetime

from maillage.structures.reference.schema import Document

# The documents (shared/seeds). The press release and the announcement of 2012 carry no date of their own.
CONVENTION_RELEASE = Document(
    "« Renforcer le secteur artistique et culturel de l'économie sociale et solidaire », communiqué de presse"
)
LABO_FICHE = Document(
    "« Culture et Coopération (Loire) », Le Labo de l'ESS, initiatives inspirantes PTCE",
    datetime.date(2015, 9, 9),
)
MEETINGS_RELEASE = Document(
    "Communiqué « Culture et développement territorial, construire les coopérations » "
    "(rencontres nationales des 20 et 21 mars 2012)"
)
_PAGE = "« La culture cherche sa voie dans l'ESS », page de ressources, extrait"
CNAR_MISSION = Document(f"{_PAGE} « La mission Cnar Culture »")
PTCE_MEETING = Document(f"{_PAGE} « L'économie sociale s'organise en pôles territoriaux »")
PTCE_EIGHTEEN = Document(
    f"{_PAGE} « 18 pôles territoriaux de coopération économique sélectionnés pour une expérimentation "
    "nationale »"
)
MUTUALISATION = Document(f"{_PAGE} « Repères sur différentes formes de mutualisation »")
AVISE_PUBLICATION = Document(
    f"{_PAGE} sur la publication de l'Avise consacrée aux clauses sociales",
    url=(
        "http://www.avise.org/actualites/nouvelle-publication-lintegration-des-clauses-sociales-dans-la-commande-publique"
    ),
)
L_A_AGENCE = Document(
    f"{_PAGE} « Culture & ESS - L'A. Agence culturelle du Poitou-Charentes »", datetime.date(2016, 10, 17)
)

# The collective acts, named once so that their participants share exactly the same name.
CONVENTION_2015 = (
    "Convention de coopération « Renforcer les acteurs artistiques et culturels de l'économie sociale et "
    "solidaire »"
)
MEETINGS_2012 = (
    "Rencontres nationales « Culture et développement territorial, construire les coopérations » "
    "(Saint-Étienne)"
)
PRO_DAYS_2012 = "Journées professionnelles de la Fédurok et de la FSJ"
REDON_2011 = (
    "Rencontres professionnelles de Redon « Culture & développement territorial, osons l'innovation et la "
    "solidarité »"
)
PTCE_2012 = "Première rencontre nationale des PTCE (Paris)"
EMPLOYER_GROUPS_2012 = "1ères Rencontres nationales Groupement d'employeurs & Emplois culturels (Bordeaux)"

SAINT_ETIENNE = "COM-42218"
REDON = "COM-35236"
C_ET_C = "culture-et-cooperation"
OCTOBER_2010 = datetime.date(2010, 10, 1)
