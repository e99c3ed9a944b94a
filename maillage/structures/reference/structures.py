"""Structures of the reference dataset, as the seed documents describe them."""

from maillage.structures.enums import Activity, DatePrecision, EssFamily, StructureKind
from maillage.structures.reference.schema import StructureFact
from maillage.structures.reference.sources import (
    AVISE_PUBLICATION,
    C_ET_C,
    CNAR_MISSION,
    CONVENTION_RELEASE,
    L_A_AGENCE,
    LABO_FICHE,
    MEETINGS_RELEASE,
    MUTUALISATION,
    OCTOBER_2010,
    PTCE_EIGHTEEN,
    REDON,
    SAINT_ETIENNE,
)

STRUCTURES = [
    # The four signatories of the convention of 13 January 2015.
    StructureFact(
        key="ufisc",
        name="Union fédérale d'intervention des structures culturelles",
        acronym="UFISC",
        kind=StructureKind.NETWORK,
        document=CONVENTION_RELEASE,
        description=(
            "Union de fédérations professionnelles nationales du secteur associatif de l'art et de la "
            "culture. "
            "Signataire de la convention de coopération du 13 janvier 2015 ; co-organisatrice des rencontres "
            "nationales « Culture et développement territorial » de mars 2012 à Saint-Étienne."
        ),
        website="http://www.ufisc.org",
    ),
    StructureFact(
        key="cncres",
        name="Conseil national des chambres régionales de l'économie sociale et solidaire",
        acronym="CNCRES",
        kind=StructureKind.NETWORK,
        document=CONVENTION_RELEASE,
        description=(
            "Instance nationale des CRESS. Signataire de la convention de coopération du 13 janvier 2015."
        ),
    ),
    StructureFact(
        key="mes",
        name="Mouvement pour l'économie solidaire",
        acronym="MES",
        kind=StructureKind.NETWORK,
        document=CONVENTION_RELEASE,
        description=(
            "Réseau de l'économie solidaire. Signataire de la convention de coopération du 13 janvier 2015."
        ),
    ),
    StructureFact(
        key="opale",
        name="Opale / CRDLA Culture",
        other_names=("Opale", "CRDLA Culture", "Cnar Culture", "Opale / Cnar Culture"),
        kind=StructureKind.SUPPORT_CENTRE,
        ess_family=EssFamily.ASSOCIATION,  # "l'association Opale" (extrait « La mission Cnar Culture »)
        document=CONVENTION_RELEASE,
        description=(
            "Association ; centre de ressources culture pour le Dispositif local d'accompagnement (CRDLA "
            "Culture), appelé Cnar Culture (centre national d'appui et de ressources) dans les textes plus "
            "anciens. Le CRDLA Culture s'est constitué en juillet 2004 pour apporter un appui au réseau "
            "des DLA ; "
            "il est composé de fédérations professionnelles nationales du secteur associatif de l'art et "
            "de la "
            "culture, regroupées notamment au sein de l'Ufisc et de la Cofac. Auteur du guide « Groupements "
            "d'employeurs et associations culturelles et artistiques, enjeux et expériences » (2010). "
            "Signataire de la convention de coopération du 13 janvier 2015."
        ),
        website="http://www.culture-proximite.org",
        activities=(Activity.SUPPORT,),
    ),
    # The PTCE of Saint-Étienne and the members the Labo de l'ESS names.
    StructureFact(
        key=C_ET_C,
        name="Culture et Coopération",
        other_names=("Culture & Coopération",),
        kind=StructureKind.PTCE_CLUSTER,
        ess_family=EssFamily.ASSOCIATION,
        document=LABO_FICHE,
        founded_on=OCTOBER_2010,
        founded_on_precision=DatePrecision.MONTH,
        description=(
            "Regroupement d'associations et d'entreprises coopératives culturelles de l'agglomération "
            "stéphanoise, constitué en cluster selon le modèle instauré en 1999 par la DATAR : une quinzaine "
            "d'entreprises et d'associations créent l'association en octobre 2010. Trois missions : une "
            "offre de "
            "services mutualisés (groupement d'employeurs créé début 2012 pour la gestion, le contrôle de "
            "gestion et l'amélioration des systèmes d'information) ; l'accompagnement de la création "
            "d'activités innovantes sur un mode coopératif (conception du Mixeur, lieu créatif mêlant "
            "projets "
            "numériques et offre culturelle, au cœur de l'ancienne manufacture d'armes) ; le soutien aux "
            "professionnels par la mobilisation de ressources. Un intranet pour la collaboration et des "
            "ressources matérielles mutualisées. Animé par plusieurs centaines d'associés, "
            "d'administrateurs et "
            "de bénévoles."
        ),
        street="20 rue Saint-Joseph",
        postal_code="42000",
        commune_id=SAINT_ETIENNE,
        website="http://www.culture-cooperation.org",
        # The organisation's mailbox given by the announcement of the 2012 meetings; the Labo's page gives a
        # person's address instead, which is not recorded.
        email="culturescooperatives@gmail.com",
        activities=(Activity.SUPPORT,),
    ),
    StructureFact(
        key="le-fil",
        name="Le Fil",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Scène de musiques actuelles de l'agglomération stéphanoise.",
        website="http://www.le-fil.com",
        disciplines=("musique",),
        activities=(Activity.VENUE, Activity.DIFFUSION),
    ),
    StructureFact(
        key="yes-high-tech",
        name="Yes High Tech",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Prestataire technique son et lumière.",
        activities=(Activity.TECHNICAL_SERVICES,),
    ),
    StructureFact(
        key="le-france",
        name="Le France",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Cinéma art et essai.",
        disciplines=("cinema-audiovisuel",),
        activities=(Activity.VENUE, Activity.DIFFUSION),
    ),
    StructureFact(
        key="le-remue-meninges",
        name="Le Remue-Méninges",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Café lecture.",
        disciplines=("livre-lecture",),
        activities=(Activity.VENUE,),
    ),
    StructureFact(
        key="les-noctambules",
        name="Les Noctambules",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Producteur et diffuseur de courts métrages.",
        disciplines=("cinema-audiovisuel",),
        activities=(Activity.PRODUCTION, Activity.DIFFUSION),
    ),
    StructureFact(
        key="cd1d",
        name="CD1D",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Plateforme de producteurs indépendants de musique.",
        disciplines=("musique",),
    ),
    StructureFact(
        key="la-fabrique",
        name="La Fabrique",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Lieu de création et de résidence pluridisciplinaire.",
        disciplines=("pluridisciplinaire",),
        activities=(Activity.VENUE, Activity.CREATION),
    ),
    StructureFact(
        key="la-baroufada",
        name="La Baroufada",
        kind=StructureKind.CULTURAL,
        document=LABO_FICHE,
        description="Compagnie de musiques percussives.",
        disciplines=("musique",),
        activities=(Activity.CREATION,),
    ),
    StructureFact(
        key="region-rhone-alpes",
        name="Région Rhône-Alpes",
        kind=StructureKind.PUBLIC_BODY,
        document=LABO_FICHE,
        description=(
            "Principal soutien de Culture et Coopération avec la communauté d'agglomération de Saint-Étienne."
        ),
    ),
    StructureFact(
        key="ca-saint-etienne",
        name="Communauté d'agglomération de Saint-Étienne",
        kind=StructureKind.PUBLIC_BODY,
        document=LABO_FICHE,
        description="Principal soutien de Culture et Coopération avec la Région Rhône-Alpes.",
    ),
    # The co-organisers and hosts of the national meetings of March 2012, and the experience they cite.
    StructureFact(
        key="cress-rhone-alpes",
        name="Chambre régionale de l'économie sociale et solidaire Rhône-Alpes",
        acronym="CRESS Rhône-Alpes",
        kind=StructureKind.CRESS,
        document=MEETINGS_RELEASE,
        description=(
            "Co-organisatrice des rencontres nationales « Culture et développement territorial » de mars "
            "2012."
        ),
        website="http://www.cress-rhone-alpes.org/cress",
    ),
    StructureFact(
        key="fedurok",
        name="Fédurok",
        kind=StructureKind.NETWORK,
        document=MEETINGS_RELEASE,
        description=(
            "Ses journées professionnelles, avec celles de la FSJ, accueillent les rencontres de mars 2012."
        ),
    ),
    StructureFact(
        key="fsj",
        name="Fédération des scènes de jazz",
        acronym="FSJ",
        kind=StructureKind.NETWORK,
        document=MEETINGS_RELEASE,
        description=(
            "Ses journées professionnelles, avec celles de la Fédurok, accueillent les rencontres de mars "
            "2012."
        ),
        disciplines=("musique",),
    ),
    StructureFact(
        key="les-articulteurs",
        name="Les Articulteurs",
        kind=StructureKind.PTCE_CLUSTER,
        document=MEETINGS_RELEASE,
        description=(
            "Expérience de coopération du secteur culturel à Redon, étudiée aux rencontres de mars 2012."
        ),
        commune_id=REDON,
    ),
    # The steering committee of the CRDLA Culture.
    StructureFact(
        key="cofac",
        name="Coordination des fédérations et associations de culture et de communication",
        acronym="COFAC",
        kind=StructureKind.NETWORK,
        document=CNAR_MISSION,
        description=(
            "Regroupe des fédérations professionnelles nationales du secteur associatif de l'art et de la "
            "culture."
        ),
    ),
    StructureFact(
        key="avise",
        name="Avise",
        other_names=("Agence de valorisation des initiatives socio-économiques",),
        kind=StructureKind.SUPPORT_CENTRE,
        document=AVISE_PUBLICATION,
        description=(
            "Anime les centres de ressources essenregion.org et socialement-responsable.org ; publie un "
            "guide "
            "sur l'intégration des clauses sociales dans la commande publique à l'usage des Régions."
        ),
        website="http://www.avise.org",
        activities=(Activity.SUPPORT,),
    ),
    StructureFact(
        key="caisse-des-depots",
        name="Caisse des dépôts",
        kind=StructureKind.PUBLIC_BODY,
        document=CNAR_MISSION,
    ),
    StructureFact(
        key="ministere-culture",
        name="Ministère de la Culture",
        kind=StructureKind.PUBLIC_BODY,
        document=CNAR_MISSION,
    ),
    StructureFact(
        key="ministere-emploi",
        name="Ministère de l'Emploi",
        kind=StructureKind.PUBLIC_BODY,
        document=CNAR_MISSION,
    ),
    # The PTCE movement.
    StructureFact(
        key="labo-ess",
        name="Le Labo de l'ESS",
        other_names=("Laboratoire de l'économie sociale et solidaire", "Labo ESS"),
        kind=StructureKind.OTHER,
        document=LABO_FICHE,
        description=(
            "Think tank qui construit, par un travail collaboratif, des axes structurants de l'économie "
            "sociale "
            "et solidaire à partir d'initiatives concrètes, innovantes et inspirantes issues des "
            "territoires. "
            "A lancé un appel à projets pour identifier les pôles territoriaux de coopération économique : "
            "plus "
            "de 130 expérimentations y ont répondu."
        ),
    ),
    StructureFact(
        key="pole-sud-rhone-alpes",
        name="Pôle Sud Rhône-Alpes",
        other_names=("Pôle Sud-Rhône-Alpes",),
        kind=StructureKind.PTCE_CLUSTER,
        document=PTCE_EIGHTEEN,
        description=(
            "Pôle territorial de coopération économique qui regroupe sur un même lieu des acteurs de l'ESS "
            "de la Drôme."
        ),
    ),
    StructureFact(
        key="groupe-archer", name="Groupe Archer", kind=StructureKind.OTHER, document=PTCE_EIGHTEEN
    ),
    StructureFact(key="coorace", name="Coorace", kind=StructureKind.OTHER, document=PTCE_EIGHTEEN),
    StructureFact(key="adie", name="Adie", kind=StructureKind.OTHER, document=PTCE_EIGHTEEN),
    # Employer groups in the cultural sector, and a regional agency.
    StructureFact(
        key="agec",
        name="Agec",
        kind=StructureKind.OTHER,
        document=MUTUALISATION,
        description=(
            "Co-organisatrice avec Opale/Cnar Culture des « 1ères Rencontres nationales Groupement "
            "d'employeurs & Emplois culturels » à Bordeaux en 2012."
        ),
    ),
    StructureFact(
        key="l-a-poitou-charentes",
        name="L'A. Agence culturelle du Poitou-Charentes",
        acronym="L'A.",
        kind=StructureKind.SUPPORT_CENTRE,
        document=L_A_AGENCE,
        description=(
            "Propose un dossier consacré à l'ESS ; a animé un stand au salon national de l'ESS à Niort les "
            "13 et 14 octobre 2016."
        ),
    ),
]
