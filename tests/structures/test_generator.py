"""The generator of realistic structures (generate_structures): reproducible, recognisable, searchable."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.structures.derivation import structure_search_fields
from maillage.structures.enums import DataSource, EssFamily, RelationKind, StructureKind
from maillage.structures.generated import GENERATED_LABEL, generated_structures
from maillage.structures.generator_french import de
from maillage.structures.models import Discipline, Relation, Structure, StructureActivity
from maillage.structures.search import filter_structures, parse_filters
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def generate(count: int, *args: str, seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_structures", "--count", str(count), "--seed", str(seed), *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple[object, ...]]:
    """What a seed decides, without ids and timestamps."""
    return [
        (
            s.source_id,
            s.name,
            s.slug,
            s.commune_id,
            s.latitude,
            s.ess_family,
            s.legal_category_code,
            s.kind,
            s.is_active,
            s.search_document,
            tuple(sorted(d.slug for d in s.disciplines.all())),
            tuple(r.target.source_id for r in s.relations_out.all() if r.target is not None),
        )
        for s in generated_structures()
        .prefetch_related("disciplines", "relations_out__target")
        .order_by("source_id")
    ]


def test_creates_the_rows_asked_for_marked_as_generated() -> None:
    out = generate(300, "--batch", "70")

    structures = generated_structures()
    assert structures.count() == 300
    assert not structures.exclude(source=DataSource.NETWORK_FILE, source_label=GENERATED_LABEL).exists()
    assert set(structures.values_list("source_id", flat=True)) == {f"gen-7-{n}" for n in range(1, 301)}
    assert not structures.exclude(siret="").exists()  # made-up SIRETs would pass as real ones
    assert not structures.exclude(email="", website="", phone="").exists()
    assert "300 / 300" in out
    assert "Jeu généré (graine 7) : 300 structures" in out


def test_the_same_seed_gives_the_same_rows() -> None:
    generate(150, seed=42)
    first = snapshot()

    call_command("generate_structures", "--delete", stdout=StringIO())
    generate(150, "--batch", "40", seed=42)

    assert snapshot() == first
    call_command("generate_structures", "--delete", stdout=StringIO())
    generate(150, seed=43)
    assert snapshot() != first


def test_a_seed_already_generated_is_refused() -> None:
    generate(30)

    with pytest.raises(CommandError, match="graine 7"):
        generate(30)


def test_delete_removes_generated_rows_and_their_links_only() -> None:
    real = StructureFactory.create(name="Le Fil")
    generate(200)
    assert Relation.objects.filter(kind=RelationKind.MEMBER_OF).exists()

    out = StringIO()
    call_command("generate_structures", "--delete", stdout=out)

    assert "200" in out.getvalue()
    assert list(Structure.objects.all()) == [real]
    assert not Relation.objects.exists()
    assert not StructureActivity.objects.exists()
    assert not Structure.disciplines.through.objects.exists()


def test_delete_of_one_seed_keeps_the_others() -> None:
    generate(40, seed=1)
    generate(40, seed=2)

    call_command("generate_structures", "--delete", "--seed", "1", stdout=StringIO())

    assert generated_structures(1).count() == 0
    assert generated_structures(2).count() == 40


def test_rows_are_placed_in_real_communes_near_their_point() -> None:
    generate(200)

    for structure in generated_structures().select_related("commune"):
        commune = structure.commune
        assert commune is not None
        assert commune.departement_id in {"DEP-42", "DEP-69"}  # the communes of the fixture
        assert commune.latitude is not None
        assert commune.longitude is not None
        assert structure.latitude is not None
        assert structure.longitude is not None
        assert abs(structure.latitude - commune.latitude) < 0.02
        assert abs(structure.longitude - commune.longitude) < 0.02
        assert structure.postal_code


def test_search_fields_are_those_the_services_compute() -> None:
    generate(60)

    for structure in generated_structures().select_related("commune"):
        expected = Structure(
            name=structure.name,
            acronym=structure.acronym,
            description=structure.description,
            postal_code=structure.postal_code,
            commune=structure.commune,
        )
        structure_search_fields(expected, list(structure.disciplines.select_related("parent")), [])
        assert (structure.search_text, structure.search_name, structure.search_document) == (
            expected.search_text,
            expected.search_name,
            expected.search_document,
        )


def test_proportions_are_plausible() -> None:
    generate(2000, seed=11)
    structures = generated_structures()
    families = Counter(structures.values_list("ess_family", flat=True))
    kinds = Counter(structures.values_list("kind", flat=True))
    members = (
        Relation.objects.filter(kind=RelationKind.MEMBER_OF, source__in=structures)
        .values("source_id")
        .distinct()
        .count()
    )

    assert 0.72 < families[EssFamily.ASSOCIATION] / 2000 < 0.86
    cooperatives = sum(n for family, n in families.items() if family.startswith("cooperative"))
    assert 0.05 < cooperatives / 2000 < 0.12
    assert kinds[StructureKind.NETWORK] == 20
    assert kinds[StructureKind.CULTURAL] / 2000 > 0.85
    assert 0.25 < members / 1980 < 0.35
    assert 0.03 < structures.filter(is_active=False).count() / 2000 < 0.07
    assert not structures.filter(is_active=True, closed_on__isnull=False).exists()
    for structure in structures.filter(legal_category_code="9220")[:50]:
        assert structure.ess_family == EssFamily.ASSOCIATION
        assert structure.legal_category_label == "Association déclarée"
    for structure in structures.filter(legal_category_code="5458")[:50]:
        assert structure.ess_family in {EssFamily.COOPERATIVE_SCOP, EssFamily.COOPERATIVE_CAE}
    assert not structures.exclude(naf_label="").filter(naf_code="").exists()
    links = Counter(Structure.disciplines.through.objects.values_list("structure_id", flat=True))
    assert set(links.values()) <= {1, 2}
    assert len(links) == 2000
    assert set(Discipline.objects.filter(structures__in=structures).values_list("slug", flat=True)) <= set(
        Discipline.objects.values_list("slug", flat=True)
    )


def test_generated_structures_are_searchable() -> None:
    generate(500)

    def found(**params: object) -> set[int]:
        return set(filter_structures(parse_filters({"etat": "tous", **params})).values_list("pk", flat=True))

    every = set(generated_structures().values_list("pk", flat=True))
    companies = set(
        generated_structures().filter(search_name__contains="compagnie").values_list("pk", flat=True)
    )
    assert companies
    assert companies <= found(q="compagnie")
    assert found(q="compagnie") <= every
    assert found(territoire="DEP-42") | found(territoire="DEP-69") == every
    network = generated_structures().filter(kind=StructureKind.NETWORK).first()
    assert network is not None
    members = set(
        Relation.objects.filter(target=network, kind=RelationKind.MEMBER_OF, end_date=None).values_list(
            "source_id", flat=True
        )
    )
    assert found(reseau=network.slug) == members


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lyon", "de Lyon"),
        ("Annonay", "d'Annonay"),
        ("Le Chambon-Feugerolles", "du Chambon-Feugerolles"),
        ("Les Salles", "des Salles"),
        ("La Talaudière", "de la Talaudière"),
        ("L'Horme", "de l'Horme"),
        ("Écully", "d'Écully"),
    ],
)
def test_names_follow_french_elision(name: str, expected: str) -> None:
    assert de(name) == expected


def test_count_is_required_unless_deleting() -> None:
    with pytest.raises(CommandError, match="--count"):
        call_command("generate_structures", stdout=StringIO())


def test_the_planner_sees_the_rows_a_long_generation_has_written_so_far() -> None:
    """On PostgreSQL, the kept counts' triggers are planned from statistics: a generation (or an import)
    written in one transaction keeps them up to date as it goes, or every batch costs more than the last."""
    from django.db import connection  # noqa: PLC0415

    from maillage.structures.generator import generate_structures  # noqa: PLC0415
    from maillage.structures.statistics import FIRST_REFRESH_AT, StatisticsKeeper  # noqa: PLC0415

    if connection.vendor != "postgresql":
        # SQLite plans without them: nothing to keep.
        assert StatisticsKeeper().enabled is False
        return
    seen: list[float] = []

    def estimate(_: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'structures_structure'")
            seen.append(cursor.fetchone()[0])

    generate_structures(count=FIRST_REFRESH_AT + 1_000, seed=11, batch=FIRST_REFRESH_AT, progress=estimate)
    # After the first batch, within the generation's own transaction: the planner counts its rows.
    assert seen[0] >= FIRST_REFRESH_AT
