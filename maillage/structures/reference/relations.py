"""Relations of the reference dataset: memberships, support, and who signed or organised what, when."""

import datetime

from maillage.structures.enums import DatePrecision, RelationKind
from maillage.structures.reference.schema import RelationFact
from maillage.structures.reference.sources import (
    C_ET_C,
    CNAR_MISSION,
    CONVENTION_2015,
    CONVENTION_RELEASE,
    EMPLOYER_GROUPS_2012,
    LABO_FICHE,
    MEETINGS_2012,
    MEETINGS_RELEASE,
    MUTUALISATION,
    OCTOBER_2010,
    PRO_DAYS_2012,
    PTCE_2012,
    PTCE_EIGHTEEN,
    PTCE_MEETING,
    REDON_2011,
)

# The members of Culture et Coopération the Labo de l'ESS names among the fifteen or so that created it.
C_ET_C_FOUNDERS = [
    "le-fil",
    "yes-high-tech",
    "le-france",
    "le-remue-meninges",
    "les-noctambules",
    "cd1d",
    "la-fabrique",
    "la-baroufada",
]

RELATIONS = [
    *(
        RelationFact(
            source=key,
            kind=RelationKind.SIGNATORY_OF,
            joint_act=CONVENTION_2015,
            start_date=datetime.date(2015, 1, 13),
            document=CONVENTION_RELEASE,
            description=(
                "Convention cadre en trois axes : structuration ; connaissance et analyse ; accompagnement."
            ),
        )
        for key in ("ufisc", "cncres", "mes", "opale")
    ),
    *(
        RelationFact(
            source=key,
            kind=RelationKind.ORGANISER_OF,
            joint_act=MEETINGS_2012,
            start_date=datetime.date(2012, 3, 20),
            end_date=datetime.date(2012, 3, 21),
            document=MEETINGS_RELEASE,
        )
        for key in ("le-fil", C_ET_C, "cress-rhone-alpes", "opale", "ufisc")
    ),
    *(
        RelationFact(
            source=key,
            kind=RelationKind.ORGANISER_OF,
            joint_act=PRO_DAYS_2012,
            start_date=datetime.date(2012, 3, 1),
            date_precision=DatePrecision.MONTH,
            document=MEETINGS_RELEASE,
            description=(
                "Les rencontres nationales des 20 et 21 mars 2012 sont organisées à l'occasion de ces "
                "journées."
            ),
        )
        for key in ("fedurok", "fsj")
    ),
    *(
        RelationFact(
            source=key,
            kind=RelationKind.ORGANISER_OF,
            joint_act=REDON_2011,
            start_date=datetime.date(2011, 5, 1),
            date_precision=DatePrecision.MONTH,
            document=MEETINGS_RELEASE,
            description=(
                "Premières du cycle de rencontres de l'Ufisc, du Cnar Culture et du CNCRES, suivies "
                "d'Avignon."
            ),
        )
        for key in ("ufisc", "opale", "cncres")
    ),
    RelationFact(
        source="labo-ess",
        kind=RelationKind.ORGANISER_OF,
        joint_act=PTCE_2012,
        start_date=datetime.date(2012, 6, 25),
        document=PTCE_MEETING,
    ),
    *(
        RelationFact(
            source=key,
            kind=RelationKind.ORGANISER_OF,
            joint_act=EMPLOYER_GROUPS_2012,
            start_date=datetime.date(2012, 1, 1),
            date_precision=DatePrecision.YEAR,
            document=MUTUALISATION,
        )
        for key in ("opale", "agec")
    ),
    *(
        RelationFact(
            source=key,
            kind=kind,
            target=C_ET_C,
            start_date=OCTOBER_2010,
            date_precision=DatePrecision.MONTH,
            document=LABO_FICHE,
            description=description,
        )
        for key in C_ET_C_FOUNDERS
        for kind, description in (
            (
                RelationKind.FOUNDER_OF,
                "Parmi la quinzaine de structures qui créent l'association en octobre 2010.",
            ),
            (
                RelationKind.MEMBER_OF,
                "Regroupée en cluster avec les autres structures fondatrices en octobre 2010.",
            ),
        )
    ),
    *(
        RelationFact(
            source=C_ET_C,
            kind=RelationKind.SUPPORTED_BY,
            target=key,
            document=LABO_FICHE,
            description=(
                "« Culture & Coopération est principalement aidée par la Région Rhône-Alpes, "
                "la communauté d'agglomération de Saint-Étienne. »"
            ),
        )
        for key in ("region-rhone-alpes", "ca-saint-etienne")
    ),
    *(
        RelationFact(
            source=key,
            kind=RelationKind.STEERING_COMMITTEE_MEMBER_OF,
            target="opale",
            document=CNAR_MISSION,
            description="Comité de pilotage du CRDLA Culture.",
        )
        for key in ("ufisc", "cofac", "ministere-culture", "ministere-emploi", "caisse-des-depots", "avise")
    ),
    *(
        RelationFact(
            source=key,
            kind=RelationKind.MEMBER_OF,
            target="pole-sud-rhone-alpes",
            document=PTCE_EIGHTEEN,
            description="Regroupé sur un même lieu avec d'autres acteurs de l'ESS de la Drôme.",
        )
        for key in ("groupe-archer", "coorace", "cress-rhone-alpes", "adie")
    ),
]
