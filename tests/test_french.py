"""French grammar of generated sentences: articles, elision, contraction, plurals."""

import json

import pytest
from django.conf import settings

from maillage import french
from maillage.structures.reference.structures import STRUCTURES
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory
from maillage.territories.names import of_territory, territory_with_article

# Every région and département of the installed COG, with its article and its form after "de",
# written by hand from the COG's TNCC table (see maillage/french.py) and checked against usage.
EXPECTED_TERRITORY_FORMS = {
    "REG-01": ("la Guadeloupe", "de la Guadeloupe"),
    "REG-02": ("la Martinique", "de la Martinique"),
    "REG-03": ("la Guyane", "de la Guyane"),
    "REG-04": ("La Réunion", "de La Réunion"),
    "REG-06": ("Mayotte", "de Mayotte"),
    "REG-11": ("Île-de-France", "d'Île-de-France"),
    "REG-24": ("le Centre-Val de Loire", "du Centre-Val de Loire"),
    "REG-27": ("Bourgogne-Franche-Comté", "de Bourgogne-Franche-Comté"),
    "REG-28": ("Normandie", "de Normandie"),
    "REG-32": ("les Hauts-de-France", "des Hauts-de-France"),
    "REG-44": ("le Grand Est", "du Grand Est"),
    "REG-52": ("les Pays de la Loire", "des Pays de la Loire"),
    "REG-53": ("Bretagne", "de Bretagne"),
    "REG-75": ("la Nouvelle-Aquitaine", "de la Nouvelle-Aquitaine"),
    "REG-76": ("Occitanie", "d'Occitanie"),
    "REG-84": ("Auvergne-Rhône-Alpes", "d'Auvergne-Rhône-Alpes"),
    "REG-93": ("Provence-Alpes-Côte d'Azur", "de Provence-Alpes-Côte d'Azur"),
    "REG-94": ("Corse", "de Corse"),
    "REG-975": ("Saint-Pierre-et-Miquelon", "de Saint-Pierre-et-Miquelon"),
    "REG-977": ("Saint-Barthélemy", "de Saint-Barthélemy"),
    "REG-978": ("Saint-Martin", "de Saint-Martin"),
    "REG-984": (
        "Terres australes et antarctiques françaises",
        "de Terres australes et antarctiques françaises",
    ),
    "REG-986": ("Wallis et Futuna", "de Wallis et Futuna"),
    "REG-987": ("Polynésie française", "de Polynésie française"),
    "REG-988": ("Nouvelle-Calédonie", "de Nouvelle-Calédonie"),
    "REG-989": ("Île de Clipperton", "d'Île de Clipperton"),
    "DEP-01": ("l'Ain", "de l'Ain"),
    "DEP-02": ("l'Aisne", "de l'Aisne"),
    "DEP-03": ("l'Allier", "de l'Allier"),
    "DEP-04": ("les Alpes-de-Haute-Provence", "des Alpes-de-Haute-Provence"),
    "DEP-05": ("les Hautes-Alpes", "des Hautes-Alpes"),
    "DEP-06": ("les Alpes-Maritimes", "des Alpes-Maritimes"),
    "DEP-07": ("l'Ardèche", "de l'Ardèche"),
    "DEP-08": ("les Ardennes", "des Ardennes"),
    "DEP-09": ("l'Ariège", "de l'Ariège"),
    "DEP-10": ("l'Aube", "de l'Aube"),
    "DEP-11": ("l'Aude", "de l'Aude"),
    "DEP-12": ("l'Aveyron", "de l'Aveyron"),
    "DEP-13": ("les Bouches-du-Rhône", "des Bouches-du-Rhône"),
    "DEP-14": ("le Calvados", "du Calvados"),
    "DEP-15": ("le Cantal", "du Cantal"),
    "DEP-16": ("la Charente", "de la Charente"),
    "DEP-17": ("la Charente-Maritime", "de la Charente-Maritime"),
    "DEP-18": ("le Cher", "du Cher"),
    "DEP-19": ("la Corrèze", "de la Corrèze"),
    "DEP-21": ("la Côte-d'Or", "de la Côte-d'Or"),
    "DEP-22": ("les Côtes-d'Armor", "des Côtes-d'Armor"),
    "DEP-23": ("la Creuse", "de la Creuse"),
    "DEP-24": ("la Dordogne", "de la Dordogne"),
    "DEP-25": ("le Doubs", "du Doubs"),
    "DEP-26": ("la Drôme", "de la Drôme"),
    "DEP-27": ("l'Eure", "de l'Eure"),
    "DEP-28": ("Eure-et-Loir", "d'Eure-et-Loir"),
    "DEP-29": ("le Finistère", "du Finistère"),
    "DEP-2A": ("la Corse-du-Sud", "de la Corse-du-Sud"),
    "DEP-2B": ("la Haute-Corse", "de la Haute-Corse"),
    "DEP-30": ("le Gard", "du Gard"),
    "DEP-31": ("la Haute-Garonne", "de la Haute-Garonne"),
    "DEP-32": ("le Gers", "du Gers"),
    "DEP-33": ("la Gironde", "de la Gironde"),
    "DEP-34": ("l'Hérault", "de l'Hérault"),
    "DEP-35": ("Ille-et-Vilaine", "d'Ille-et-Vilaine"),
    "DEP-36": ("l'Indre", "de l'Indre"),
    "DEP-37": ("Indre-et-Loire", "d'Indre-et-Loire"),
    "DEP-38": ("l'Isère", "de l'Isère"),
    "DEP-39": ("le Jura", "du Jura"),
    "DEP-40": ("les Landes", "des Landes"),
    "DEP-41": ("le Loir-et-Cher", "du Loir-et-Cher"),
    "DEP-42": ("la Loire", "de la Loire"),
    "DEP-43": ("la Haute-Loire", "de la Haute-Loire"),
    "DEP-44": ("la Loire-Atlantique", "de la Loire-Atlantique"),
    "DEP-45": ("le Loiret", "du Loiret"),
    "DEP-46": ("le Lot", "du Lot"),
    "DEP-47": ("le Lot-et-Garonne", "du Lot-et-Garonne"),
    "DEP-48": ("la Lozère", "de la Lozère"),
    "DEP-49": ("Maine-et-Loire", "de Maine-et-Loire"),
    "DEP-50": ("la Manche", "de la Manche"),
    "DEP-51": ("la Marne", "de la Marne"),
    "DEP-52": ("la Haute-Marne", "de la Haute-Marne"),
    "DEP-53": ("la Mayenne", "de la Mayenne"),
    "DEP-54": ("Meurthe-et-Moselle", "de Meurthe-et-Moselle"),
    "DEP-55": ("la Meuse", "de la Meuse"),
    "DEP-56": ("le Morbihan", "du Morbihan"),
    "DEP-57": ("la Moselle", "de la Moselle"),
    "DEP-58": ("la Nièvre", "de la Nièvre"),
    "DEP-59": ("le Nord", "du Nord"),
    "DEP-60": ("l'Oise", "de l'Oise"),
    "DEP-61": ("l'Orne", "de l'Orne"),
    "DEP-62": ("le Pas-de-Calais", "du Pas-de-Calais"),
    "DEP-63": ("le Puy-de-Dôme", "du Puy-de-Dôme"),
    "DEP-64": ("les Pyrénées-Atlantiques", "des Pyrénées-Atlantiques"),
    "DEP-65": ("les Hautes-Pyrénées", "des Hautes-Pyrénées"),
    "DEP-66": ("les Pyrénées-Orientales", "des Pyrénées-Orientales"),
    "DEP-67": ("le Bas-Rhin", "du Bas-Rhin"),
    "DEP-68": ("le Haut-Rhin", "du Haut-Rhin"),
    "DEP-69": ("le Rhône", "du Rhône"),
    "DEP-70": ("la Haute-Saône", "de la Haute-Saône"),
    "DEP-71": ("Saône-et-Loire", "de Saône-et-Loire"),
    "DEP-72": ("la Sarthe", "de la Sarthe"),
    "DEP-73": ("la Savoie", "de la Savoie"),
    "DEP-74": ("la Haute-Savoie", "de la Haute-Savoie"),
    "DEP-75": ("Paris", "de Paris"),
    "DEP-76": ("la Seine-Maritime", "de la Seine-Maritime"),
    "DEP-77": ("Seine-et-Marne", "de Seine-et-Marne"),
    "DEP-78": ("les Yvelines", "des Yvelines"),
    "DEP-79": ("les Deux-Sèvres", "des Deux-Sèvres"),
    "DEP-80": ("la Somme", "de la Somme"),
    "DEP-81": ("le Tarn", "du Tarn"),
    "DEP-82": ("le Tarn-et-Garonne", "du Tarn-et-Garonne"),
    "DEP-83": ("le Var", "du Var"),
    "DEP-84": ("le Vaucluse", "du Vaucluse"),
    "DEP-85": ("la Vendée", "de la Vendée"),
    "DEP-86": ("la Vienne", "de la Vienne"),
    "DEP-87": ("la Haute-Vienne", "de la Haute-Vienne"),
    "DEP-88": ("les Vosges", "des Vosges"),
    "DEP-89": ("l'Yonne", "de l'Yonne"),
    "DEP-90": ("le Territoire de Belfort", "du Territoire de Belfort"),
    "DEP-91": ("l'Essonne", "de l'Essonne"),
    "DEP-92": ("les Hauts-de-Seine", "des Hauts-de-Seine"),
    "DEP-93": ("la Seine-Saint-Denis", "de la Seine-Saint-Denis"),
    "DEP-94": ("le Val-de-Marne", "du Val-de-Marne"),
    "DEP-95": ("le Val-d'Oise", "du Val-d'Oise"),
    "DEP-971": ("la Guadeloupe", "de la Guadeloupe"),
    "DEP-972": ("la Martinique", "de la Martinique"),
    "DEP-973": ("la Guyane", "de la Guyane"),
    "DEP-974": ("La Réunion", "de La Réunion"),
    "DEP-976": ("Mayotte", "de Mayotte"),
    "DEP-975": ("Saint-Pierre-et-Miquelon", "de Saint-Pierre-et-Miquelon"),
    "DEP-977": ("Saint-Barthélemy", "de Saint-Barthélemy"),
    "DEP-978": ("Saint-Martin", "de Saint-Martin"),
    "DEP-984": (
        "Terres australes et antarctiques françaises",
        "de Terres australes et antarctiques françaises",
    ),
    "DEP-986": ("Wallis et Futuna", "de Wallis et Futuna"),
    "DEP-987": ("Polynésie française", "de Polynésie française"),
    "DEP-988": ("Nouvelle-Calédonie", "de Nouvelle-Calédonie"),
    "DEP-989": ("Île de Clipperton", "d'Île de Clipperton"),
}

# Every structure name of the reference data after "de": "Le" and "Les" contract, "La" and "L'" stay as
# written, names opening with a common noun take its article, vowels elide.
EXPECTED_STRUCTURE_FORMS = {
    "Union fédérale d'intervention des structures culturelles": (
        "de l'Union fédérale d'intervention des structures culturelles"
    ),
    "Conseil national des chambres régionales de l'économie sociale et solidaire": (
        "du Conseil national des chambres régionales de l'économie sociale et solidaire"
    ),
    "Mouvement pour l'économie solidaire": "du Mouvement pour l'économie solidaire",
    "Opale / CRDLA Culture": "d'Opale / CRDLA Culture",
    "Culture et Coopération": "de Culture et Coopération",
    "Le Fil": "du Fil",
    "Yes High Tech": "de Yes High Tech",
    "Le France": "du France",
    "Le Remue-Méninges": "du Remue-Méninges",
    "Les Noctambules": "des Noctambules",
    "CD1D": "de CD1D",
    "La Fabrique": "de La Fabrique",
    "La Baroufada": "de La Baroufada",
    "Région Rhône-Alpes": "de la Région Rhône-Alpes",
    "Communauté d'agglomération de Saint-Étienne": "de la Communauté d'agglomération de Saint-Étienne",
    "Chambre régionale de l'économie sociale et solidaire Rhône-Alpes": (
        "de la Chambre régionale de l'économie sociale et solidaire Rhône-Alpes"
    ),
    "Fédurok": "de Fédurok",
    "Fédération des scènes de jazz": "de la Fédération des scènes de jazz",
    "Les Articulteurs": "des Articulteurs",
    "Coordination des fédérations et associations de culture et de communication": (
        "de la Coordination des fédérations et associations de culture et de communication"
    ),
    "Avise": "d'Avise",
    "Caisse des dépôts": "de la Caisse des dépôts",
    "Ministère de la Culture": "du Ministère de la Culture",
    "Ministère de l'Emploi": "du Ministère de l'Emploi",
    "Le Labo de l'ESS": "du Labo de l'ESS",
    "Pôle Sud Rhône-Alpes": "du Pôle Sud Rhône-Alpes",
    "Groupe Archer": "du Groupe Archer",
    "Coorace": "de Coorace",
    "Adie": "d'Adie",
    "Agec": "d'Agec",
    "L'A. Agence culturelle du Poitou-Charentes": "de L'A. Agence culturelle du Poitou-Charentes",
}


def _package_rows() -> list[tuple[str, str]]:
    rows = []
    for prefix, name in (("REG", "regions"), ("DEP", "departements")):
        path = settings.DECOUPAGE_ADMINISTRATIF_DIR / "data" / f"{name}.json"
        rows += [(f"{prefix}-{r['code']}", r["nom"]) for r in json.loads(path.read_text(encoding="utf-8"))]
    return rows


def test_every_region_and_departement_of_the_package_has_its_expected_forms():
    """Each région and département of the installed COG gets its article and its "de" form right."""
    rows = _package_rows()
    assert {tid for tid, _ in rows} == set(EXPECTED_TERRITORY_FORMS)
    for tid, name in rows:
        territory = Territory(id=tid, name=name, level="departement" if tid.startswith("DEP") else "region")
        assert (territory_with_article(territory), of_territory(territory)) == EXPECTED_TERRITORY_FORMS[tid]


def test_the_issue_s_examples_read_right():
    """The issues' examples read right: "d'Auvergne-Rhône-Alpes", "de la Loire", "du Rhône"…"""
    assert EXPECTED_TERRITORY_FORMS["REG-84"][1] == "d'Auvergne-Rhône-Alpes"
    assert EXPECTED_TERRITORY_FORMS["DEP-42"][1] == "de la Loire"
    assert EXPECTED_TERRITORY_FORMS["DEP-69"][1] == "du Rhône"
    assert EXPECTED_TERRITORY_FORMS["DEP-92"][1] == "des Hauts-de-Seine"
    assert EXPECTED_TERRITORY_FORMS["DEP-01"][1] == "de l'Ain"
    assert EXPECTED_TERRITORY_FORMS["DEP-75"][1] == "de Paris"


@pytest.mark.parametrize(("name", "expected"), list(EXPECTED_STRUCTURE_FORMS.items()))
def test_structure_names_contract_and_elide(name, expected):
    """ "la fiche de Le France" becomes "la fiche du France"; "de Avise" becomes "d'Avise"."""
    assert french.of(name) == expected


def test_every_reference_structure_name_is_in_the_table():
    """No structure of the reference data escapes the check."""
    assert {fact.name for fact in STRUCTURES} <= set(EXPECTED_STRUCTURE_FORMS)


def test_communes_and_other_territories_read_their_article_from_their_name():
    """Communes carry their article in the COG ("Le Chambon-Feugerolles"); France takes "la"."""
    cases = {
        ("COM-42044", "Le Chambon-Feugerolles"): ("Le Chambon-Feugerolles", "du Chambon-Feugerolles"),
        ("COM-42218", "Saint-Étienne"): ("Saint-Étienne", "de Saint-Étienne"),
        ("COM-69123", "Lyon"): ("Lyon", "de Lyon"),
        ("COM-38185", "Grenoble"): ("Grenoble", "de Grenoble"),
        ("COM-01004", "Ambérieu-en-Bugey"): ("Ambérieu-en-Bugey", "d'Ambérieu-en-Bugey"),
        ("COM-92044", "Les Lilas"): ("Les Lilas", "des Lilas"),
        ("EPCI-200066918", "Métropole de Lyon"): ("la Métropole de Lyon", "de la Métropole de Lyon"),
        (FRANCE_ID, "France"): ("la France", "de la France"),
    }
    for (tid, name), forms in cases.items():
        territory = Territory(id=tid, name=name, level="commune")
        assert (territory_with_article(territory), of_territory(territory)) == forms


def test_plurals_are_singular_below_two():
    """French writes "0 structure", "1 structure", "2 structures", and groups thousands."""
    assert french.count_of(0, "structure") == "0\N{NO-BREAK SPACE}structure"
    assert french.count_of(1, "structure") == "1\N{NO-BREAK SPACE}structure"
    assert french.count_of(2, "structure") == "2\N{NO-BREAK SPACE}structures"
    assert french.count_of(2, "réseau", "réseaux") == "2\N{NO-BREAK SPACE}réseaux"
    assert french.plural_form(3, "territoire doté d'un diagnostic", "territoires dotés d'un diagnostic") == (
        "territoires dotés d'un diagnostic"
    )
    assert french.count_of(12345, "structure").endswith("345\N{NO-BREAK SPACE}structures")
    assert french.count_of(12345, "structure")[:2] == "12"
