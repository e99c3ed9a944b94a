"""Writing structures: derived identifiers and family, unique slugs, search text, validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from maillage.history.models import Revision
from maillage.search.normalize import search_key
from maillage.structures.enums import Activity, EssFamily
from maillage.structures.models import Discipline, Structure
from maillage.structures.services import structure_create, structure_update
from maillage.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.structures.factories import LabelFactory, StructureFactory, fake_siret

pytestmark = pytest.mark.django_db


def test_homonyms_get_distinct_slugs() -> None:
    first = structure_create(name="Le Fil")
    second = structure_create(name="Le Fil")
    third = structure_create(name="LE FIL !")

    assert [first.slug, second.slug, third.slug] == ["le-fil", "le-fil-2", "le-fil-3"]


def test_slugs_fold_accents_and_ligatures() -> None:
    assert structure_create(name="Œuvres de la Baroufada à Saint-Étienne").slug == (
        "oeuvres-de-la-baroufada-a-saint-etienne"
    )


def test_renaming_moves_the_slug_and_frees_the_old_one() -> None:
    structure = structure_create(name="Le Remue-Méninges")

    structure_update(structure=structure, name="Café lecture Le Remue-Méninges")
    newcomer = structure_create(name="Le Remue-Méninges")

    assert structure.slug == "cafe-lecture-le-remue-meninges"
    assert newcomer.slug == "le-remue-meninges"


def test_a_rename_the_slug_cannot_show_keeps_the_slug() -> None:
    structure_create(name="Le France")
    homonym = structure_create(name="Le France")

    structure_update(structure=homonym, name="LE FRANCE")

    assert homonym.slug == "le-france-2"


def test_search_text_finds_names_acronym_commune_disciplines_and_labels(loire_rhone: None) -> None:
    smac = LabelFactory.create(name="Scène de musiques actuelles", acronym="SMAC")
    theatre = Discipline.objects.get(slug="theatre")

    structure = structure_create(
        name="Le Fil",
        acronym="FIL",
        other_names="Scène stéphanoise",
        commune=Territory.objects.get(id="COM-42218"),
        disciplines=[theatre],
        labels=[smac],
    )

    for words in [
        "le fil",
        "fil",
        "scene stephanoise",
        "saint etienne",
        "theatre",
        "spectacle vivant",
        "smac",
    ]:
        assert words in structure.search_text, words
    assert Structure.objects.filter(search_text__contains=search_key("Saint-Étienne")).get() == structure


def test_search_text_follows_updates() -> None:
    structure = structure_create(name="La Fabrique")

    structure_update(
        structure=structure,
        acronym="LFB",
        disciplines=[Discipline.objects.get(slug="cirque")],
    )

    assert "lfb" in structure.search_text
    assert "cirque" in structure.search_text


def test_a_wrong_siret_is_refused_and_nothing_is_saved() -> None:
    with pytest.raises(ValidationError) as refused:
        structure_create(name="Yes High Tech", siret="01675069700051")

    assert "clé de contrôle" in refused.value.message_dict["siret"][0]
    assert not Structure.objects.exists()


def test_a_siret_typed_with_spaces_is_kept_as_digits_with_its_siren() -> None:
    structure = structure_create(name="CD1D", siret="016 750 697 00050")

    assert structure.siret == "01675069700050"
    assert structure.siren == "016750697"


def test_a_siren_contradicting_the_siret_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        structure_create(name="CD1D", siret="01675069700050", siren="054501754")

    assert "9 premiers chiffres" in refused.value.message_dict["siren"][0]


def test_two_structures_cannot_share_a_siret_but_many_may_have_none() -> None:
    siret = fake_siret()
    structure_create(name="Les Noctambules", siret=siret)
    structure_create(name="Sans SIRET 1")
    structure_create(name="Sans SIRET 2")

    with pytest.raises(ValidationError) as refused:
        structure_create(name="Doublon", siret=siret)

    assert refused.value.messages == ["Une autre structure porte déjà ce SIRET."]
    assert Structure.objects.count() == 3


def test_changing_the_siret_moves_the_siren() -> None:
    structure = structure_create(name="Le Fil", siret="01675069700050")

    structure_update(structure=structure, siret="05450175400011")

    assert structure.siren == "054501754"


def test_an_association_gets_its_family_label_and_ess_membership() -> None:
    structure = structure_create(name="La Baroufada", legal_category_code="9220")

    assert structure.ess_family == EssFamily.ASSOCIATION
    assert structure.legal_category_label == "Association déclarée"
    assert structure.is_ess is True


def test_a_company_is_in_the_ess_when_sirene_flags_it() -> None:
    flagged = structure_create(name="Studio solidaire", legal_category_code="5710", is_ess=True)
    plain = structure_create(name="Studio ordinaire", legal_category_code="5710")

    assert flagged.ess_family == EssFamily.ESUS_COMPANY
    assert plain.ess_family == EssFamily.OTHER
    assert plain.is_ess is None


def test_a_declared_scic_survives_later_updates() -> None:
    structure = structure_create(
        name="Coopérative culturelle", legal_category_code="5560", ess_family=EssFamily.COOPERATIVE_SCIC
    )

    structure_update(structure=structure, description="Société coopérative d'intérêt collectif.")

    assert structure.ess_family == EssFamily.COOPERATIVE_SCIC
    assert structure.legal_category_label == "Autre SA coopérative à conseil d'administration"


def test_a_new_legal_form_recomputes_family_and_ess_membership() -> None:
    structure = structure_create(name="Ancienne association", legal_category_code="9220")

    structure_update(structure=structure, legal_category_code="5710")

    assert structure.ess_family == EssFamily.OTHER
    assert structure.legal_category_label == "SAS, société par actions simplifiée"
    assert structure.is_ess is None


def test_naf_codes_are_normalised_and_labelled() -> None:
    structure = structure_create(name="Le France", naf_code="5914z")

    assert structure.naf_code == "59.14Z"
    assert structure.naf_label == "Projection de films cinématographiques"


def test_a_malformed_naf_code_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        structure_create(name="Le France", naf_code="cinéma")

    assert "90.01Z" in refused.value.message_dict["naf_code"][0]


def test_an_arrondissement_is_stored_as_its_commune(loire_rhone: None) -> None:
    structure = structure_create(name="Lieu lyonnais", commune=Territory.objects.get(id="COM-69381"))

    assert structure.commune_id == "COM-69123"


def test_a_departement_is_not_a_commune(loire_rhone: None) -> None:
    with pytest.raises(ValidationError) as refused:
        structure_create(name="Lieu ligérien", commune=Territory.objects.get(id="DEP-42"))

    assert "commune" in refused.value.message_dict


def test_a_closed_structure_is_no_longer_active() -> None:
    structure = structure_create(name="Ancien café lecture", closed_on=datetime.date(2019, 6, 30))

    assert structure.is_active is False


def test_a_structure_cannot_be_its_own_ancestor() -> None:
    head = structure_create(name="Réseau")
    branch = structure_create(name="Antenne", parent=head)

    with pytest.raises(ValidationError) as refused:
        structure_update(structure=head, parent=branch)

    assert "parent" in refused.value.message_dict


def test_activities_are_set_then_replaced() -> None:
    structure = structure_create(name="La Fabrique", activities=[Activity.VENUE, Activity.CREATION])

    structure_update(structure=structure, activities=[Activity.CREATION, Activity.TRAINING])

    assert set(structure.activities.values_list("activity", flat=True)) == {"creation", "training"}


def test_an_unknown_activity_is_refused() -> None:
    with pytest.raises(ValidationError):
        structure_create(name="La Fabrique", activities=["juggling"])

    assert not Structure.objects.exists()


def test_an_unknown_field_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="siege"):
        structure_create(name="La Fabrique", siege="Saint-Étienne")


def test_factories_build_valid_structures() -> None:
    for structure in [
        StructureFactory.create(),
        StructureFactory.create(association=True, with_siret=True),
        StructureFactory.create(scop=True, network=True),
        StructureFactory.create(closed=True),
    ]:
        structure.full_clean()


def test_structures_are_found_by_any_territory_holding_their_commune(loire_rhone: None) -> None:
    stephanoise = structure_create(name="Le Fil", commune=Territory.objects.get(id="COM-42218"))
    lyonnaise = structure_create(name="Lieu lyonnais", commune=Territory.objects.get(id="COM-69381"))
    structure_create(name="Sans commune")

    for territory_id in ["COM-42218", "EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"]:
        assert stephanoise in Structure.objects.in_territory(territory_id), territory_id
    assert list(Structure.objects.in_territory("DEP-69")) == [lyonnaise]
    assert set(Structure.objects.in_territory("REG-84")) == {stephanoise, lyonnaise}


def test_a_label_given_for_a_code_outside_the_table_is_kept() -> None:
    structure = structure_create(
        name="Librairie", naf_code="47.61Z", naf_label="Commerce de détail de livres"
    )

    structure_update(structure=structure, description="Librairie coopérative.")
    assert structure.naf_label == "Commerce de détail de livres"

    structure_update(structure=structure, naf_code="")
    assert structure.naf_label == ""


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Carte", "Graphe", "Export", "Suggestions territoires"])
def test_a_name_that_is_a_page_of_the_directory_gets_a_slug_that_does_not_shadow_it(name: str) -> None:
    structure = structure_create(name=name)

    assert structure.slug == f"{slugify(name)}-2"


def test_a_person_creating_a_structure_is_recorded_and_confirms_it() -> None:
    person = UserFactory.create()

    structure = structure_create(name="La Fabrique", actor=person, comment="Nouvelle fiche", via="moderation")

    revision = Revision.objects.get(structure=structure)
    assert (revision.action, revision.author, revision.via, revision.comment) == (
        "create",
        person,
        "moderation",
        "Nouvelle fiche",
    )
    assert structure.confirmed_at is not None


def test_writes_without_a_person_keep_working_for_imports() -> None:
    structure = structure_create(name="La Fabrique")

    structure_update(structure=structure, name="La Fabrique des Possibles")

    assert structure.slug == "la-fabrique-des-possibles"
    assert structure.confirmed_at is None
