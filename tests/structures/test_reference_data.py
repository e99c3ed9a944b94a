"""The reference dataset: what `load_reference_data` loads, and that reruns and dry runs change nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from maillage.structures.enums import (
    DataSource,
    DatePrecision,
    EssFamily,
    Metric,
    RelationKind,
    StructureKind,
)
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.reference.loader import (
    ReferenceDataError,
    ReferenceLoader,
    check_reference_data,
    default_reference_data,
)
from maillage.structures.reference.schema import ReferenceData, RelationFact
from maillage.structures.reference.sources import (
    CONVENTION_2015,
    CONVENTION_RELEASE,
    LABO_FICHE,
    MEETINGS_2012,
)
from maillage.structures.selectors import joint_act_participants, structure_members

pytestmark = pytest.mark.django_db

C_ET_C_MEMBERS = {
    "Le Fil",
    "Yes High Tech",
    "Le France",
    "Le Remue-Méninges",
    "Les Noctambules",
    "CD1D",
    "La Fabrique",
    "La Baroufada",
}


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


def reference(key: str) -> Structure:
    return Structure.objects.get(source=DataSource.REFERENCE_SEED, source_id=key)


def counts() -> tuple[int, int, int]:
    return Structure.objects.count(), Relation.objects.count(), KeyFigure.objects.count()


def test_the_four_signatories_of_the_2015_convention_are_loaded() -> None:
    load()

    signatures = Relation.objects.filter(kind=RelationKind.SIGNATORY_OF, joint_act=CONVENTION_2015)
    assert {r.source.acronym or r.source.name for r in signatures} == {
        "UFISC",
        "CNCRES",
        "MES",
        "Opale / CRDLA Culture",
    }
    assert {r.start_date for r in signatures} == {datetime.date(2015, 1, 13)}
    assert len(joint_act_participants(signatures[0])) == 4
    assert reference("ufisc").name == "Union fédérale d'intervention des structures culturelles"
    assert reference("opale").source_label == CONVENTION_RELEASE.title


def test_culture_et_cooperation_is_placed_described_and_dated(loire_rhone: None) -> None:
    load()

    cluster = reference("culture-et-cooperation")
    assert cluster.name == "Culture et Coopération"
    assert cluster.commune_id == "COM-42218"
    assert (cluster.street, cluster.postal_code) == ("20 rue Saint-Joseph", "42000")
    assert cluster.kind == StructureKind.PTCE_CLUSTER
    assert cluster.ess_family == EssFamily.ASSOCIATION
    assert (cluster.founded_on, cluster.founded_on_precision) == (
        datetime.date(2010, 10, 1),
        DatePrecision.MONTH,
    )
    assert cluster.source_label == LABO_FICHE.title
    assert cluster.source_date == datetime.date(2015, 9, 9)
    assert "saint etienne" in cluster.search_text


def test_culture_et_cooperation_has_the_members_the_seed_names() -> None:
    load()

    cluster = reference("culture-et-cooperation")
    assert {s.name for s in structure_members(cluster)} == C_ET_C_MEMBERS
    founders = Relation.objects.filter(kind=RelationKind.FOUNDER_OF, target=cluster)
    assert {r.source.name for r in founders} == C_ET_C_MEMBERS
    assert {(r.start_date, r.date_precision) for r in founders} == {
        (datetime.date(2010, 10, 1), DatePrecision.MONTH)
    }
    supporters = Relation.objects.filter(kind=RelationKind.SUPPORTED_BY, source=cluster)
    assert {r.target.name for r in supporters if r.target} == {
        "Région Rhône-Alpes",
        "Communauté d'agglomération de Saint-Étienne",
    }


def test_culture_et_cooperation_key_figures_are_those_of_the_seed() -> None:
    load()

    figures = {f.metric: f for f in reference("culture-et-cooperation").key_figures.all()}
    assert set(figures) == {
        Metric.TURNOVER,
        Metric.EMPLOYEES,
        Metric.INTERMITTENTS,
        Metric.STRUCTURES_MEMBERS,
    }
    turnover = figures[Metric.TURNOVER]
    assert (turnover.value, turnover.qualifier, turnover.is_approximate) == (
        Decimal(3_000_000),
        "plus de",
        True,
    )
    assert (turnover.year, turnover.source_date) == (2015, datetime.date(2015, 9, 9))
    assert "ne date pas" in turnover.note
    assert (figures[Metric.EMPLOYEES].value, figures[Metric.EMPLOYEES].is_approximate) == (Decimal(50), False)
    assert figures[Metric.INTERMITTENTS].value == Decimal(250)
    assert (figures[Metric.STRUCTURES_MEMBERS].year, figures[Metric.STRUCTURES_MEMBERS].qualifier) == (
        2010,
        "une quinzaine",
    )
    assert {f.source_label for f in figures.values()} == {LABO_FICHE.title}


def test_the_five_organisers_of_the_2012_meetings_share_the_event() -> None:
    load()

    organisers = Relation.objects.filter(kind=RelationKind.ORGANISER_OF, joint_act=MEETINGS_2012)
    assert {r.source.acronym or r.source.name for r in organisers} == {
        "Le Fil",
        "Culture et Coopération",
        "CRESS Rhône-Alpes",
        "Opale / CRDLA Culture",
        "UFISC",
    }
    assert {(r.start_date, r.end_date) for r in organisers} == {
        (datetime.date(2012, 3, 20), datetime.date(2012, 3, 21))
    }


def test_opale_steering_committee_is_loaded() -> None:
    load()

    committee = Relation.objects.filter(
        kind=RelationKind.STEERING_COMMITTEE_MEMBER_OF, target=reference("opale")
    )
    assert {r.source.acronym or r.source.name for r in committee} == {
        "UFISC",
        "COFAC",
        "Ministère de la Culture",
        "Ministère de l'Emploi",
        "Caisse des dépôts",
        "Avise",
    }


def test_a_second_run_creates_nothing(loire_rhone: None) -> None:
    load()
    before = counts()

    output = load()

    assert counts() == before
    assert "Structures : 0 créée, 0 modifiée, 31 inchangées" in output
    assert "Relations : 0 créée, 0 modifiée, 45 inchangées" in output
    assert "Chiffres clés : 0 créé, 0 modifié, 4 inchangés" in output


def test_a_rerun_restores_what_was_changed_by_hand() -> None:
    load()
    Structure.objects.filter(source_id="le-fil").update(description="Texte modifié")

    output = load()

    assert reference("le-fil").description == "Scène de musiques actuelles de l'agglomération stéphanoise."
    assert "Structures : 0 créée, 1 modifiée, 30 inchangées" in output


def test_a_dry_run_writes_nothing_and_says_so() -> None:
    output = load("--dry-run")

    assert counts() == (0, 0, 0)
    assert "simulation, rien n'a été écrit" in output
    assert "Structures : 31 créées" in output


def test_without_the_referential_communes_stay_empty_and_are_reported() -> None:
    output = load()

    assert reference("culture-et-cooperation").commune is None
    assert "Culture et Coopération (COM-42218)" in output
    assert "import_territoires" in output


def test_a_run_after_the_referential_sets_the_commune(loire_rhone: None) -> None:
    # Here the referential holds the Loire and the Rhône, not Redon (Ille-et-Vilaine).
    output = load()

    assert reference("culture-et-cooperation").commune_id == "COM-42218"
    assert reference("les-articulteurs").commune is None
    assert "Les Articulteurs (COM-35236)" in output
    assert "Culture et Coopération (COM" not in output


def test_no_person_is_recorded() -> None:
    load()

    people = ["lemaitre", "colin", "alphandery", "chevalier", "hamon", "bernard", "zapalski"]
    texts = [" ".join([s.search_text, s.email, s.website, s.source_label]) for s in Structure.objects.all()]
    texts += [f"{r.description} {r.joint_act}".lower() for r in Relation.objects.all()]
    assert [name for name in people if any(name in text for text in texts)] == []


def test_every_record_names_its_document() -> None:
    load()

    assert not Structure.objects.filter(source_label="").exists()
    assert not Relation.objects.filter(source_label="").exists()
    assert not KeyFigure.objects.filter(source_label="").exists()


def test_a_relation_to_an_unknown_structure_is_refused_before_writing() -> None:
    data = default_reference_data()
    broken = ReferenceData(
        structures=data.structures,
        relations=[
            *data.relations,
            RelationFact(source="ufisc", kind=RelationKind.PARTNER, target="inconnue", document=LABO_FICHE),
        ],
    )

    with pytest.raises(ReferenceDataError, match="inconnue"):
        ReferenceLoader(broken)
    check_reference_data(data)
    assert counts() == (0, 0, 0)
