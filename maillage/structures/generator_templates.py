"""Templates of generated structures: how each kind is named and described, its disciplines and NAF codes."""

from dataclasses import dataclass

from maillage.structures.enums import Activity, EssFamily, StructureKind


@dataclass(frozen=True)
class Template:
    """A kind of structure: how it is named and described, its disciplines, NAF codes and activities."""

    names: tuple[str, ...]  # {phrase}: a poetic name; {de_commune}: "de Lyon", "du Havre"; {commune}
    what: str  # "compagnie de théâtre", for the description
    disciplines: tuple[str, ...]
    naf: tuple[str, ...]
    activities: tuple[Activity, ...]
    weight: int = 1
    feminine: bool = False  # the gender of `what`, for the participle of the description


A = Activity
CULTURAL_TEMPLATES = (
    Template(
        (
            "Compagnie {phrase}",
            "Compagnie {phrase}",
            "Compagnie théâtrale {de_commune}",
            "Théâtre {phrase}",
            "Compagnie {phrase} {de_commune}",
        ),
        "compagnie de théâtre",
        ("theatre", "theatre", "arts-de-la-rue", "spectacle-vivant"),
        ("90.01Z", "90.01Z", "94.99Z"),
        (A.CREATION, A.DIFFUSION, A.PRODUCTION, A.MEDIATION),
        weight=150,
        feminine=True,
    ),
    Template(
        ("Compagnie {phrase}", "Compagnie de danse {phrase}", "Ballet {phrase}", "Danse {phrase}"),
        "compagnie de danse",
        ("danse", "danse", "musique"),
        ("90.01Z", "94.99Z"),
        (A.CREATION, A.DIFFUSION, A.TRAINING),
        weight=55,
        feminine=True,
    ),
    Template(
        ("Cirque {phrase}", "Compagnie de cirque {phrase}", "École de cirque {de_commune}"),
        "compagnie de cirque",
        ("cirque", "arts-de-la-rue"),
        ("90.01Z", "85.52Z"),
        (A.CREATION, A.DIFFUSION, A.TRAINING),
        weight=25,
        feminine=True,
    ),
    Template(
        ("Collectif {phrase}", "Les Souffleurs {de_commune}", "Compagnie {phrase} arts de la rue"),
        "collectif d'arts de la rue",
        ("arts-de-la-rue", "theatre", "cirque"),
        ("90.01Z", "94.99Z"),
        (A.CREATION, A.DIFFUSION, A.MEDIATION),
        weight=30,
    ),
    Template(
        (
            "Association {commune} musiques actuelles",
            "{commune} Musiques Actuelles",
            "Collectif {phrase} musiques actuelles",
            "Studio de répétition {phrase}",
            "Association {phrase} musiques actuelles",
            "Scène de musiques actuelles {de_commune}",
        ),
        "association de musiques actuelles",
        ("musique",),
        ("90.01Z", "90.02Z", "59.20Z", "94.99Z"),
        (A.DIFFUSION, A.CREATION, A.VENUE, A.TECHNICAL_SERVICES, A.TRAINING),
        weight=90,
        feminine=True,
    ),
    Template(
        (
            "Harmonie {de_commune}",
            "École de musique {de_commune}",
            "Chorale {phrase}",
            "Ensemble vocal {de_commune}",
            "Orchestre d'harmonie {de_commune}",
            "Fanfare {phrase}",
            "Ensemble baroque {phrase}",
        ),
        "ensemble musical",
        ("musique",),
        ("85.52Z", "94.99Z", "90.01Z"),
        (A.TRAINING, A.DIFFUSION, A.CREATION),
        weight=110,
    ),
    Template(
        (
            "Festival {phrase}",
            "Festival {phrase} {de_commune}",
            "Les Rencontres {phrase}",
            "Festival des arts {de_commune}",
            "Festival de musique {de_commune}",
            "Festival du livre {de_commune}",
            "Festival de théâtre {de_commune}",
        ),
        "festival",
        ("musique", "theatre", "pluridisciplinaire", "livre-lecture", "cinema-audiovisuel", "arts-de-la-rue"),
        ("90.02Z", "94.99Z", "90.01Z"),
        (A.DIFFUSION, A.PRODUCTION, A.MEDIATION),
        weight=70,
    ),
    Template(
        (
            "Cinéma {phrase}",
            "Ciné-club {de_commune}",
            "Les Amis du cinéma {de_commune}",
            "Atelier vidéo {phrase}",
            "Productions {phrase}",
        ),
        "association de cinéma et d'audiovisuel",
        ("cinema-audiovisuel",),
        ("59.14Z", "59.11B", "59.11C", "94.99Z"),
        (A.DIFFUSION, A.PRODUCTION, A.MEDIATION, A.CREATION),
        weight=60,
        feminine=True,
    ),
    Template(
        (
            "Théâtre {de_commune}",
            "Salle {phrase}",
            "La Fabrique {de_commune}",
            "Tiers-lieu culturel {phrase}",
            "Maison des jeunes et de la culture {de_commune}",
            "Foyer rural {de_commune}",
            "Centre culturel {de_commune}",
            "Café-culture {phrase}",
        ),
        "lieu culturel",
        ("pluridisciplinaire", "spectacle-vivant", "theatre", "musique"),
        ("90.04Z", "94.99Z", "93.29Z"),
        (A.VENUE, A.DIFFUSION, A.MEDIATION, A.TRAINING),
        weight=110,
    ),
    Template(
        (
            "Atelier {phrase}",
            "Galerie associative {phrase}",
            "Collectif d'artistes {phrase}",
            "Artothèque {de_commune}",
            "Atelier numérique {phrase}",
            "Ateliers d'artistes {de_commune}",
        ),
        "collectif d'arts visuels",
        ("arts-visuels-numeriques",),
        ("90.03A", "90.03B", "74.10Z", "94.99Z"),
        (A.CREATION, A.DIFFUSION, A.TRAINING),
        weight=70,
    ),
    Template(
        (
            "Librairie associative {phrase}",
            "Bibliothèque associative {de_commune}",
            "Éditions {phrase}",
            "Lire {a_commune}",
            "Salon du livre {de_commune}",
        ),
        "association du livre et de la lecture",
        ("livre-lecture",),
        ("58.11Z", "91.01Z", "94.99Z"),
        (A.DIFFUSION, A.MEDIATION, A.PRODUCTION),
        weight=55,
        feminine=True,
    ),
    Template(
        (
            "Les Amis du patrimoine {de_commune}",
            "Association de sauvegarde du patrimoine {de_commune}",
            "Musée associatif {de_commune}",
            "Écomusée {de_commune}",
            "Société d'histoire {de_commune}",
            "Les Amis du château {de_commune}",
        ),
        "association de patrimoine",
        ("patrimoine",),
        ("91.03Z", "91.02Z", "94.99Z"),
        (A.MEDIATION, A.VENUE, A.DIFFUSION),
        weight=75,
        feminine=True,
    ),
    Template(
        ("Association culturelle {de_commune}", "Comité des fêtes {de_commune}", "Animation {phrase}"),
        "association culturelle",
        ("pluridisciplinaire", "musique", "spectacle-vivant"),
        ("94.99Z", "93.29Z"),
        (A.DIFFUSION, A.MEDIATION),
        weight=60,
        feminine=True,
    ),
)

# Names for cultural structures whose legal form shows in their name (cooperatives, companies).
FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    EssFamily.COOPERATIVE_SCOP: ("Scop {phrase}", "{phrase} Scop", "Société coopérative {phrase}"),
    EssFamily.COOPERATIVE_SCIC: ("SCIC {phrase}", "Coopérative culturelle {phrase}", "Coopérative {phrase}"),
    EssFamily.COOPERATIVE_CAE: (
        "CAE {phrase}",
        "Coopérative d'activité et d'emploi {phrase}",
        "Coopérative d'artistes {phrase}",
    ),
    EssFamily.COOPERATIVE_OTHER: ("Coopérative {phrase}", "Coop {phrase}"),
    EssFamily.FONDATION: ("Fondation {phrase}", "Fondation {phrase} pour les arts"),
    EssFamily.ESUS_COMPANY: ("Productions {phrase}", "Studio {phrase}", "Éditions {phrase}"),
    EssFamily.OTHER: ("Productions {phrase}", "Studio {phrase}", "Éditions {phrase}", "Agence {phrase}"),
}

NETWORK_DOMAINS = (
    ("musiques actuelles", ("musique",)),
    ("arts de la rue", ("arts-de-la-rue",)),
    ("cinémas indépendants", ("cinema-audiovisuel",)),
    ("lieux intermédiaires", ("pluridisciplinaire",)),
    ("compagnies de théâtre", ("theatre",)),
    ("écoles de musique", ("musique",)),
    ("librairies indépendantes", ("livre-lecture",)),
    ("festivals", ("pluridisciplinaire", "musique")),
    ("acteurs du patrimoine", ("patrimoine",)),
    ("arts plastiques", ("arts-visuels-numeriques",)),
    ("fanfares et harmonies", ("musique",)),
    ("coopératives culturelles", ("pluridisciplinaire",)),
    ("arts du cirque", ("cirque",)),
    ("compagnies chorégraphiques", ("danse",)),
)
NETWORK_NAMES = (
    "Réseau des {domain} {region}",
    "Fédération régionale des {domain} {region}",
    "Union des {domain} {region}",
    "Pôle régional {domain} {region}",
    "Collectif des {domain} {departement}",
)
NATIONAL_NETWORK_NAMES = (
    "Fédération nationale des {domain}",
    "Réseau national des {domain}",
    "Union nationale des {domain} {phrase}",
    "Syndicat des {domain} {phrase}",
)

OTHER_KIND_TEMPLATES: dict[str, Template] = {
    StructureKind.SUPPORT_CENTRE: Template(
        (
            "Centre de ressources culture {de_commune}",
            "Agence culturelle {de_commune}",
            "Pôle ressources {phrase}",
            "Bureau d'accompagnement {phrase}",
        ),
        "centre de ressources",
        ("pluridisciplinaire", "spectacle-vivant", "musique"),
        ("94.99Z", "90.02Z"),
        (A.SUPPORT, A.TRAINING),
    ),
    StructureKind.EMPLOYER_GROUP: Template(
        ("Groupement d'employeurs culture {de_commune}", "GE {phrase} spectacle vivant"),
        "groupement d'employeurs",
        ("spectacle-vivant", "pluridisciplinaire"),
        ("90.02Z",),
        (A.SUPPORT, A.TECHNICAL_SERVICES),
    ),
    StructureKind.PTCE_CLUSTER: Template(
        (
            "Pôle territorial de coopération économique {phrase}",
            "Cluster culture {de_commune}",
            "PTCE {phrase}",
        ),
        "pôle de coopération",
        ("pluridisciplinaire",),
        ("94.99Z",),
        (A.SUPPORT,),
    ),
    StructureKind.CRESS: Template(
        ("Chambre régionale de l'économie sociale et solidaire {region}",),
        "chambre régionale de l'ESS",
        ("pluridisciplinaire",),
        ("94.99Z",),
        (A.SUPPORT,),
        feminine=True,
    ),
    StructureKind.DLA: Template(
        ("Dispositif local d'accompagnement {departement}", "DLA {de_commune}"),
        "dispositif local d'accompagnement",
        ("pluridisciplinaire",),
        ("94.99Z",),
        (A.SUPPORT,),
    ),
    StructureKind.FUNDER: Template(
        ("Fondation {phrase} pour la culture", "Fonds de dotation {phrase}", "Fonds culturel {de_commune}"),
        "financeur",
        ("pluridisciplinaire", "patrimoine", "musique"),
        ("94.99Z",),
        (A.SUPPORT,),
    ),
    StructureKind.PUBLIC_BODY: Template(
        (
            "Ville {de_commune} — service culturel",
            "Médiathèque municipale {de_commune}",
            "Conservatoire à rayonnement communal {de_commune}",
            "Théâtre municipal {de_commune}",
            "Établissement public de coopération culturelle {phrase}",
        ),
        "équipement public",
        ("livre-lecture", "musique", "danse", "theatre", "pluridisciplinaire"),
        ("91.01Z", "85.52Z", "90.04Z"),
        (A.VENUE, A.TRAINING, A.DIFFUSION, A.MEDIATION),
    ),
    StructureKind.OTHER: Template(
        ("Association {phrase}", "Espace {phrase}", "Maison {phrase}"),
        "structure",
        ("pluridisciplinaire", "arts-visuels-numeriques", "musique"),
        ("94.99Z", "93.29Z", "90.03B"),
        (A.DIFFUSION, A.MEDIATION),
        feminine=True,
    ),
}

# Kinds of the rows that are not networks (networks come first, NETWORK_SHARE of the count).
