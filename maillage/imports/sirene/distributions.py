"""Shares the SIRENE generator draws from, with where each figure comes from.

Sources: the notes of `shared/data/sirene-format/` (legal categories and employee bands measured on 3,375
real ESS units; cultural NAF codes; the kinds of dirt real files hold) and orders of magnitude of the
national stock (28 million legal units for 40 million establishments, most units with one establishment).
Shares not measured anywhere are marked "assumed": they only need to exercise every path of the importer.
"""

# Share of legal units in the ESS: associations, cooperatives, mutuelles, fondations and ESUS companies.
# Assumed: the national order of magnitude (about 1.5 million of 28 million).
ESS_UNIT_SHARE = 0.05

# Legal categories of ESS units: measured (notes: 9220 69 %, 5710 19 %, 5499 5 %, 5460 3 %, 5458 2 %, 9260
# 1 %, then 5560, 9230, 9300).
ESS_LEGAL_CATEGORIES = (
    ("9220", 0.69),
    ("5710", 0.19),
    ("5499", 0.05),
    ("5460", 0.03),
    ("5458", 0.02),
    ("9260", 0.01),
    ("5560", 0.004),
    ("9230", 0.003),
    ("9300", 0.003),
)
# Legal categories of the other units: assumed, in the national order (individual entrepreneurs first).
OTHER_LEGAL_CATEGORIES = (
    ("1000", 0.57),
    ("5710", 0.12),
    ("5720", 0.08),
    ("5499", 0.07),
    ("6540", 0.07),
    ("5498", 0.04),
    ("9220", 0.02),  # associations SIRENE does not flag: the legal category alone makes them ESS
    ("7210", 0.005),
    ("6220", 0.005),
    ("5599", 0.01),
)
# SIRENE's ESS flag: O for most units of the ESS list, empty or N for the rest (assumed).
ESS_FLAG_OF_ESS_UNITS = (("O", 0.90), ("", 0.07), ("N", 0.03))
ESS_FLAG_OF_OTHER_UNITS = (("N", 0.60), ("", 0.40))

# Employee bands: measured on ESS units (NN 85 %, then 01, 02, 11, 03, 12, 00); assumed for the others.
ESS_EMPLOYEE_BANDS = (
    ("NN", 0.85),
    ("01", 0.04),
    ("02", 0.03),
    ("11", 0.025),
    ("03", 0.02),
    ("12", 0.015),
    ("00", 0.01),
    ("21", 0.01),
)
OTHER_EMPLOYEE_BANDS = (
    ("NN", 0.70),
    ("", 0.10),
    ("00", 0.06),
    ("01", 0.06),
    ("02", 0.03),
    ("03", 0.02),
    ("11", 0.015),
    ("12", 0.01),
    ("21", 0.005),
)
COMPANY_CATEGORIES = (("", 0.35), ("PME", 0.60), ("ETI", 0.04), ("GE", 0.01))

# Activity of associations: notes ("many cultural associations filed under 94.99Z", the code most
# associations get by default); shares assumed. The selection (ESS and cultural) is then about 0.8 % of
# the establishments: some 300,000 of 40 million, the right order of magnitude or a little above.
ASSOCIATION_CULTURAL_SHARE = 0.10
ASSOCIATION_9499_SHARE = 0.55
COMPANY_CULTURAL_SHARE = 0.03
ESS_COMPANY_CULTURAL_SHARE = 0.10  # cooperatives of the performing arts, ESUS companies (assumed)
# Cultural codes, weighted towards live performance and cultural teaching (assumed).
CULTURAL_NAF = (
    ("90.01Z", 0.28),
    ("90.02Z", 0.10),
    ("90.03A", 0.07),
    ("90.03B", 0.08),
    ("90.04Z", 0.03),
    ("85.52Z", 0.12),
    ("59.11A", 0.01),
    ("59.11B", 0.02),
    ("59.11C", 0.01),
    ("59.12Z", 0.01),
    ("59.13A", 0.005),
    ("59.13B", 0.005),
    ("59.14Z", 0.01),
    ("59.20Z", 0.03),
    ("91.01Z", 0.02),
    ("91.02Z", 0.02),
    ("91.03Z", 0.02),
    ("91.04Z", 0.01),
    ("93.29Z", 0.10),
    ("58.11Z", 0.03),
    ("58.14Z", 0.01),
    ("74.10Z", 0.03),
)
OTHER_ASSOCIATION_NAF = ("88.99B", "85.59A", "93.12Z", "94.12Z", "88.10C", "85.59B", "93.19Z", "96.09Z")
OTHER_COMPANY_NAF = (
    "47.11B",
    "56.10A",
    "68.20A",
    "68.20B",
    "70.22Z",
    "43.21A",
    "62.01Z",
    "86.21Z",
    "49.41A",
    "81.21Z",
    "41.20A",
    "45.20A",
    "96.02A",
    "01.11Z",
    "10.71C",
)
# Legacy nomenclatures on old ceased units (notes): NAP "22.02", NAF 1993 "923A", NAF rév. 1 "92.3A".
LEGACY_NOMENCLATURE_SHARE_OF_OLD_CLOSED = 0.30
LEGACY_CODES = (
    ("NAP", "22.02"),
    ("NAP", "85.01"),
    ("NAF1993", "923A"),
    ("NAFRev1", "92.3A"),
    ("NAFRev1", "92.5C"),
)

# States: assumed (about half of the units and establishments of the stock have ceased).
CLOSED_UNIT_SHARE = 0.40
PURGED_SHARE_OF_CLOSED = 0.05
# An active unit's establishments close when it moves (a new SIRET) or shuts a site.
CLOSED_SHARE_OF_OTHER_ESTABLISHMENTS = 0.35
CLOSED_SHARE_OF_HEAD_OFFICE = 0.08

# Partly public units (statutDiffusion P, fields read [ND]): assumed, mostly individual entrepreneurs.
PARTLY_PUBLIC_PERSON_SHARE = 0.10
PARTLY_PUBLIC_OTHER_SHARE = 0.01

# Dirt: invalid dates such as 2014-12-35, empty creation dates, NAF codes without their dot, missing
# coordinates, foreign addresses, former commune codes (assumed shares, large enough to be met in tests).
INVALID_DATE_SHARE = 0.003
EMPTY_CREATION_DATE_SHARE = 0.02
NAF_WITHOUT_DOT_SHARE = 0.01
MISSING_COORDINATES_SHARE = 0.10
FOREIGN_SHARE = 0.004
FORMER_COMMUNE_CODE_SHARE = 0.01
SIGN_SHARE = 0.12  # enseigne1Etablissement
USUAL_NAME_SHARE = 0.05  # denominationUsuelleEtablissement
ACRONYM_SHARE = 0.15

# How establishments group into units, ten at a time: the start offset of each establishment's unit.
# Averages 1.2 establishments per unit; one block of a thousand in 500 belongs to one unit (a network).
BLOCK_PATTERNS = (
    ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0.32),
    ((0, 1, 2, 3, 4, 5, 6, 7, 8, 8), 0.25),
    ((0, 1, 2, 3, 4, 5, 6, 6, 8, 8), 0.20),
    ((0, 1, 2, 3, 4, 5, 5, 7, 7, 7), 0.12),
    ((0, 1, 2, 3, 4, 5, 5, 5, 5, 5), 0.08),
    ((0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0.03),
)
CHAIN_SIZE = 1000
CHAIN_SHARE = 0.002

FOREIGN_COUNTRIES = (
    ("99109", "ALLEMAGNE", "BERLIN"),
    ("99131", "BELGIQUE", "BRUXELLES"),
    ("99140", "SUISSE", "GENEVE"),
    ("99134", "ESPAGNE", "BARCELONE"),
    ("99127", "ITALIE", "TURIN"),
    ("99137", "LUXEMBOURG", "LUXEMBOURG"),
    ("99132", "ROYAUME-UNI", "LONDRES"),
)
STREET_TYPE_CODES = (
    *(("RUE", 0.45), ("AV", 0.14), ("BD", 0.07), ("PL", 0.06), ("CHE", 0.08), ("", 0.05)),
    *(("RTE", 0.06), ("ALL", 0.04), ("IMP", 0.03), ("QUAI", 0.02)),
)
STREET_NAMES = (
    "DE LA REPUBLIQUE",
    "VICTOR HUGO",
    "JEAN JAURES",
    "DU GENERAL DE GAULLE",
    "PASTEUR",
    "DES ECOLES",
    "DE LA GARE",
    "DU MOULIN",
    "GAMBETTA",
    "DE LA LIBERATION",
    "DES ARTS",
    "JEAN MOULIN",
    "DE L EGLISE",
    "DU 8 MAI 1945",
    "LOUISE MICHEL",
    "DES TISSERANDS",
    "SAINT ROCH",
    "DES ROSIERS",
    "EMILE ZOLA",
    "DU THEATRE",
)
COMPLEMENTS = (
    "BATIMENT A",
    "2EME ETAGE",
    "RESIDENCE LES TILLEULS",
    "ZA DES PLAINES",
    "MAISON DES ASSOCIATIONS",
)
CULTURAL_NAME_HEADS = (
    "COMPAGNIE",
    "THEATRE",
    "COLLECTIF",
    "ENSEMBLE",
    "FESTIVAL",
    "ATELIER",
    "ECOLE DE MUSIQUE",
    "CINEMA",
    "ORCHESTRE",
    "CHORALE",
    "LA FABRIQUE",
    "MAISON DES ARTS",
    "STUDIO",
    "GALERIE",
    "LES AMIS DU MUSEE",
    "TIERS LIEU",
)
OTHER_NAME_HEADS = (
    "SOCIETE",
    "GROUPE",
    "CABINET",
    "AMICALE",
    "CLUB",
    "COMITE DES FETES",
    "ASSOCIATION SPORTIVE",
    "SCI",
    "TRANSPORTS",
    "BOULANGERIE",
    "GARAGE",
    "CONSEIL",
)
NAME_WORDS = (
    "DES ECHAPPEES",
    "DU PETIT MONDE",
    "LES ARPENTEURS",
    "DE LA LUNE",
    "DU VENT",
    "DES TISSEURS",
    "DE LA COLLINE",
    "LES PASSEURS",
    "DU FIL",
    "DES RIVES",
    "DU CHAUDRON",
    "LES SALTIMBANQUES",
    "DU PAVE",
    "DES OISEAUX",
    "DE LA FORGE",
    "LE GRAND ANGLE",
    "DE L ETOILE",
    "DU QUAI",
    "DES VOISINS",
    "LA CAVALE",
)
NAME_TAILS = ("", "", "", "", " ET COMPAGNIE", " 42", " DU FOREZ", " DU RHONE", " PRODUCTIONS", " EN SCENE")
FIRST_NAMES = ("MARIE", "JEAN", "NATHALIE", "PIERRE", "SOPHIE", "MICHEL", "CAMILLE", "LUC", "AMINA", "KARIM")
LAST_NAMES = (
    "MARTIN",
    "BERNARD",
    "DUBOIS",
    "THOMAS",
    "ROBERT",
    "PETIT",
    "DURAND",
    "LEROY",
    "MOREAU",
    "GIRARD",
)
