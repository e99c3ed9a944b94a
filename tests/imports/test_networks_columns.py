"""Recognising the columns of networks' files from their headers, however decorated, and saved mappings."""

import json

import pytest
from django.core.exceptions import ValidationError

from maillage.imports.models import ColumnMapping
from maillage.imports.networks.columns import PERSONAL, MappingError, detect_layout, load_mapping, recognise
from tests.fixture_files import FIXTURES


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nom", "name"),
        ("Nom de la structure", "name"),
        ("NOM DE LA STRUCTURE (obligatoire)", "name"),
        ("Raison sociale", "name"),
        ("Dénomination", "name"),
        ("Code Insee commune", "insee_code"),
        ("Commune (code INSEE)", "insee_code"),
        ("adrs_codeinsee", "insee_code"),
        ("Code postal", "postal_code"),
        ("Code postal du siège", "postal_code"),
        ("CODPOST", "postal_code"),
        ("CP", "postal_code"),
        ("Commune", "commune"),
        ("Commune du siège social", "commune"),
        ("Ville", "commune"),
        ("Nom de la commune", "commune"),
        ("N° SIRET", "siret"),
        ("SIRET (14 chiffres)", "siret"),
        ("siren", "siren"),
        ("Adresse", "street"),
        ("Adresse postale", "street"),
        ("Adresse du siège", "street"),
        ("adrs_libvoie", "street"),
        ("Complément d'adresse", "street_complement"),
        ("Site internet", "website"),
        ("Site web de la structure", "website"),
        ("INTERNET", "website"),
        ("Adresse e-mail", "email"),
        ("Courriel", "email"),
        ("E-mail de contact", "email"),
        ("Téléphone", "phone"),
        ("Tél.", "phone"),
        ("Discipline(s)", "disciplines"),
        ("Disciplines artistiques", "disciplines"),
        ("Description", "description"),
        ("Présentation de la structure", "description"),
        ("Latitude", "latitude"),
        ("Longitude", "longitude"),
        ("Coordonnées GPS", "coordinates"),
        ("Département", "departement"),
        ("Date de création", "founded_on"),
        ("Sigle", "acronym"),
    ],
)
def test_usual_french_headers_are_recognised(header: str, field: str) -> None:
    assert recognise(header).field == field


@pytest.mark.parametrize(
    "header",
    ["Nom du contact", "Prénom", "Contact", "Téléphone du contact", "Portable", "Civilité", "Président(e)"],
)
def test_columns_about_a_person_are_never_imported(header: str) -> None:
    recognition = recognise(header)

    assert recognition.field is None
    assert recognition.note == PERSONAL


def test_a_bare_nom_beside_a_prenom_is_a_person_s_surname() -> None:
    rows = [(1, ["Structure", "Nom", "Prénom", "Ville"]), (2, ["Le Fil", "Martin", "Anne", "Saint-Étienne"])]

    layout = detect_layout(rows)

    assert [(c.header, c.field) for c in layout.columns] == [
        ("Structure", "name"),
        ("Nom", None),
        ("Prénom", None),
        ("Ville", "commune"),
    ]
    assert layout.columns[1].note == PERSONAL


def test_the_most_precise_name_column_wins_and_the_other_is_said_ignored() -> None:
    layout = detect_layout([(1, ["Titre", "Nom de la structure", "Ville"])])

    assert [c.field for c in layout.columns] == [None, "name", "commune"]
    assert "déjà lu dans la colonne « Nom de la structure »" in layout.columns[0].note


def test_the_real_tiers_lieux_header_is_read() -> None:
    header = (FIXTURES / "samples" / "tierslieux_numerique_47.csv").read_text().splitlines()[0].split(",")

    layout = detect_layout([(1, header)])

    assert {c.header: c.field for c in layout.columns if c.field} == {
        "NOM": "name",
        "Insee": "insee_code",
        "ADRESSE": "street",
        "CODPOST": "postal_code",
        "VILLE": "commune",
        "INTERNET": "website",
        "siren": "siren",
    }
    # The carrying structure's name is not the tiers-lieu's name.
    assert "porteuse" in next(c.note for c in layout.columns if c.header == "NOM_STRC_PORT")


def test_the_real_rna_header_keeps_the_association_and_leaves_out_its_declarant() -> None:
    path = FIXTURES / "samples" / "rna_waldec_echantillon_976.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(";")

    layout = detect_layout([(1, header)])
    fields = {c.header: c.field for c in layout.columns}

    assert len(header) == 39
    assert fields["titre"] == "name"
    assert fields["objet"] == "description"
    assert fields["adrs_codeinsee"] == "insee_code"
    assert fields["adrs_codepostal"] == "postal_code"
    assert fields["adrs_libcommune"] == "commune"
    assert [fields[h] for h in ("adrs_numvoie", "adrs_repetition", "adrs_typevoie", "adrs_libvoie")] == [
        "street"
    ] * 4
    assert fields["siteweb"] == "website"
    assert all(fields[h] is None for h in header if h.startswith("adrg_"))
    assert fields["dir_civilite"] is None
    assert fields["titre_court"] is None


def test_a_saved_mapping_overrides_the_rules_for_the_headers_it_names() -> None:
    rows = [(1, ["Intitulé", "Nom", "Lieu", "Code"]), (2, ["Le Fil", "Martin", "Saint-Étienne", "42218"])]

    layout = detect_layout(
        rows, {"Intitulé": "name", "NOM": "ignore", "Lieu": "commune", "code": "insee_code"}
    )

    assert [(c.field, c.origin) for c in layout.columns] == [
        ("name", "correspondance"),
        (None, "correspondance"),
        ("commune", "correspondance"),
        ("insee_code", "correspondance"),
    ]


@pytest.mark.django_db
def test_a_mapping_naming_an_unknown_field_is_refused() -> None:
    with pytest.raises(MappingError, match="champ inconnu"):
        load_mapping(json.dumps({"Nom": "nom"}))
    with pytest.raises(ValidationError):
        ColumnMapping(name="Réseau X", mapping={"Nom": "nom"}).full_clean()


def test_a_mapping_file_may_be_the_bare_dict_or_the_admin_s_shape() -> None:
    assert load_mapping('{"Intitulé": "name", "Remarque": null}') == {
        "Intitulé": "name",
        "Remarque": "ignore",
    }
    assert load_mapping('{"name": "Réseau X", "mapping": {"Intitulé": "name"}}') == {"Intitulé": "name"}


def test_a_file_without_a_name_column_is_refused_with_its_headers() -> None:
    with pytest.raises(MappingError, match=r"Colonne du nom introuvable .*« Ville »"):
        detect_layout([(1, ["Ville", "Code postal"])])
