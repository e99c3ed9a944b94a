"""INSEE legal categories (level III) the directory names, and the ESS family each one implies.

Labels are INSEE's nomenclature of legal categories (Licence Ouverte), transcribed for the codes the
directory meets; tests/structures/test_legal_categories.py checks them against INSEE's file. A code
missing here still gets its family from the rules of `ess_family_for`, only its label stays empty.
"""

import re

from maillage.structures.enums import COOPERATIVE_FAMILIES, STATUTORY_ESS_FAMILIES, EssFamily

# Level II 92 "Association loi 1901 ou assimilé", congregations (9240) included, but not 9224: an
# "association d'avocats à responsabilité professionnelle individuelle" is a law firm, not an association.
ASSOCIATION_CODES = frozenset({"9210", "9220", "9221", "9222", "9223", "9230", "9240", "9260"})

# Worker cooperatives (SCOP) under their three company forms.
SCOP_CODES = frozenset({"5458", "5558", "5658"})

# Every level-III category that is a cooperative: its label, or that of its level II (51 "Société
# coopérative commerciale particulière", 63 "Société coopérative agricole"), says "coopérative". A bare
# search for "coopérati" would also catch "coopération" (7349, 7470, 9970), which are not cooperatives.
# Most SCIC are filed under 5460/5560/5660 ("Autre … coopérative") or as SAS (5710): the legal category
# cannot tell a SCIC or a CAE, so those families come from another source (see ess_family_resolve).
COOPERATIVE_CODES = frozenset(
    {
        *("5191", "5192", "5193", "5194", "5195", "5196"),
        *("5203", "5307", "5309"),
        *("5443", "5451", "5453", "5454", "5455", "5458", "5459", "5460"),
        *("5543", "5547", "5551", "5552", "5553", "5554", "5555", "5558", "5559", "5560"),
        *("5643", "5647", "5651", "5652", "5653", "5654", "5655", "5658", "5659", "5660"),
        *("6316", "6317", "6318"),
        *("6543", "6551", "6554", "6558", "6560"),
    }
)

MUTUAL_INSURANCE_CODE = "6411"

LEGAL_CATEGORY_LABELS: dict[str, str] = {
    "1000": "Entrepreneur individuel",
    "4110": "Établissement public national à caractère industriel ou commercial doté d'un comptable public",
    "4120": (
        "Établissement public national à caractère industriel ou commercial non doté d'un comptable public"
    ),
    "4140": "Établissement public local à caractère industriel ou commercial",
    "4150": "Régie d'une collectivité locale à caractère industriel ou commercial",
    "5191": "Société de caution mutuelle",
    "5192": "Société coopérative de banque populaire",
    "5193": "Caisse de crédit maritime mutuel",
    "5194": "Caisse (fédérale) de crédit mutuel",
    "5195": "Association coopérative inscrite (droit local Alsace Moselle)",
    "5196": "Caisse d'épargne et de prévoyance à forme coopérative",
    "5203": "Société en nom collectif coopérative",
    "5307": "Société en commandite simple coopérative",
    "5309": "Société en commandite par actions coopérative",
    "5443": "SARL coopérative de construction",
    "5451": "SARL coopérative de consommation",
    "5453": "SARL coopérative artisanale",
    "5454": "SARL coopérative d'intérêt maritime",
    "5455": "SARL coopérative de transport",
    "5458": "SARL coopérative ouvrière de production (SCOP)",
    "5459": "SARL union de sociétés coopératives",
    "5460": "Autre SARL coopérative",
    "5498": "SARL unipersonnelle",
    "5499": "Société à responsabilité limitée (sans autre indication)",
    "5543": "SA coopérative de construction à conseil d'administration",
    "5547": "SA coopérative de production de HLM à conseil d'administration",
    "5551": "SA coopérative de consommation à conseil d'administration",
    "5552": "SA coopérative de commerçants-détaillants à conseil d'administration",
    "5553": "SA coopérative artisanale à conseil d'administration",
    "5554": "SA coopérative (d'intérêt) maritime à conseil d'administration",
    "5555": "SA coopérative de transport à conseil d'administration",
    "5558": "SA coopérative ouvrière de production (SCOP) à conseil d'administration",
    "5559": "SA union de sociétés coopératives à conseil d'administration",
    "5560": "Autre SA coopérative à conseil d'administration",
    "5599": "SA à conseil d'administration (s.a.i.)",
    "5643": "SA coopérative de construction à directoire",
    "5647": "Société coopérative de production de HLM anonyme à directoire",
    "5651": "SA coopérative de consommation à directoire",
    "5652": "SA coopérative de commerçants-détaillants à directoire",
    "5653": "SA coopérative artisanale à directoire",
    "5654": "SA coopérative d'intérêt maritime à directoire",
    "5655": "SA coopérative de transport à directoire",
    "5658": "SA coopérative ouvrière de production (SCOP) à directoire",
    "5659": "SA union de sociétés coopératives à directoire",
    "5660": "Autre SA coopérative à directoire",
    "5699": "SA à directoire (s.a.i.)",
    "5710": "SAS, société par actions simplifiée",
    "5720": (
        "Société par actions simplifiée à associé unique ou société par actions simplifiée unipersonnelle"
    ),
    "6220": "Groupement d'intérêt économique (GIE)",
    "6316": "Coopérative d'utilisation de matériel agricole en commun (CUMA)",
    "6317": "Société coopérative agricole",
    "6318": "Union de sociétés coopératives agricoles",
    "6411": "Société d'assurance à forme mutuelle",
    "6543": "Société civile coopérative de construction",
    "6551": "Société civile coopérative de consommation",
    "6554": "Société civile coopérative d'intérêt maritime",
    "6558": "Société civile coopérative entre médecins",
    "6560": "Autre société civile coopérative",
    "7113": "Ministère",
    "7120": "Service central d'un ministère",
    "7171": "Service déconcentré de l'État à compétence (inter) régionale",
    "7172": "Service déconcentré de l'État à compétence (inter) départementale",
    "7210": "Commune et commune nouvelle",
    "7220": "Département",
    "7229": "(Autre) Collectivité territoriale",
    "7230": "Région",
    "7340": "Pôle métropolitain",
    "7343": "Communauté urbaine",
    "7344": "Métropole",
    "7346": "Communauté de communes",
    "7348": "Communauté d'agglomération",
    "7354": "Syndicat mixte fermé",
    "7355": "Syndicat mixte ouvert",
    "7357": "Pôle d'équilibre territorial et rural (PETR)",
    "7373": "Établissement public local culturel",
    "7378": "Régie d'une collectivité locale à caractère administratif",
    "7379": "(Autre) Établissement public administratif local",
    "7383": "Établissement public national à caractère scientifique culturel et professionnel",
    "7389": "Établissement public national à caractère administratif",
    "7410": "Groupement d'intérêt public (GIP)",
    "8210": "Mutuelle",
    "8250": "Assurance mutuelle agricole",
    "8290": "Autre organisme mutualiste",
    "8410": "Syndicat de salariés",
    "8420": "Syndicat patronal",
    "8490": "Autre organisme professionnel",
    "9210": "Association non déclarée",
    "9220": "Association déclarée",
    "9221": "Association déclarée d'insertion par l'économique",
    "9222": "Association intermédiaire",
    "9223": "Groupement d'employeurs",
    "9224": "Association d'avocats à responsabilité professionnelle individuelle",
    "9230": "Association déclarée, reconnue d'utilité publique",
    "9240": "Congrégation",
    "9260": "Association de droit local (Bas-Rhin, Haut-Rhin et Moselle)",
    "9300": "Fondation",
    "9900": "Autre personne morale de droit privé",
}

_CODE = re.compile(r"\d{4}")


def legal_category_label(code: str) -> str:
    """Return INSEE's label of a level-III legal category, or an empty string when not transcribed."""
    return LEGAL_CATEGORY_LABELS.get(code.strip(), "")


def ess_family_for(legal_category_code: str, sirene_ess_flag: bool | None) -> EssFamily:
    """Return the ESS family a legal category implies; SIRENE's flag decides for other companies."""
    code = (legal_category_code or "").strip()
    if not _CODE.fullmatch(code):
        return EssFamily.UNKNOWN
    if code in ASSOCIATION_CODES:
        return EssFamily.ASSOCIATION
    if code.startswith("93"):
        return EssFamily.FONDATION
    if code.startswith("82") or code == MUTUAL_INSURANCE_CODE:
        return EssFamily.MUTUELLE
    if code in SCOP_CODES:
        return EssFamily.COOPERATIVE_SCOP
    if code in COOPERATIVE_CODES:
        return EssFamily.COOPERATIVE_OTHER
    # Any other form (SAS, SARL…) is in the ESS only when SIRENE says so, typically with the ESUS approval.
    return EssFamily.ESUS_COMPANY if sirene_ess_flag else EssFamily.OTHER


def ess_family_resolve(*, legal_category_code: str, sirene_ess_flag: bool | None, declared: str) -> str:
    """Return the family to store: the legal category's, refined by a declared family it cannot tell."""
    derived = ess_family_for(legal_category_code, sirene_ess_flag)
    if not declared or declared == EssFamily.UNKNOWN:
        return derived
    if derived == EssFamily.UNKNOWN:
        return declared
    # SCIC and CAE hide under "Autre SA coopérative", SCOP or plain SAS: a network's file or a person
    # knows better than INSEE's code. Outside cooperatives the legal category wins (an association
    # cannot be declared a mutuelle).
    if declared in COOPERATIVE_FAMILIES and derived in {
        *COOPERATIVE_FAMILIES,
        EssFamily.ESUS_COMPANY,
        EssFamily.OTHER,
    }:
        return declared
    return derived


def is_ess_for(family: str, sirene_ess_flag: bool | None) -> bool | None:
    """Return SIRENE's flag when known, else True for families of the ESS by law, else unknown."""
    if sirene_ess_flag is not None:
        return sirene_ess_flag
    return True if family in STATUTORY_ESS_FAMILIES else None
