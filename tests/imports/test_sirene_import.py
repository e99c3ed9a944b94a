"""Importing a generated SIRENE stock: exactly the expected selection, idempotent, counted, guarded."""

import pytest
from django.core.management.base import CommandError
from django.db import connection

from maillage.imports.models import ImportStatus
from maillage.imports.sirene.generator import generate_stock
from maillage.imports.sirene.models import SireneCulturalCount
from maillage.search.fulltext import filter_fulltext
from maillage.structures import services
from maillage.structures.enums import DataSource, EssFamily
from maillage.structures.models import Structure
from maillage.structures.search_filters import FTS_TABLE
from maillage.territories.models import Territory
from tests.imports.sirene_stock import expected_selection, import_stock

pytestmark = pytest.mark.django_db

ROWS = 20_000


@pytest.fixture
def stock(loire_rhone, tmp_path):
    return generate_stock(rows=ROWS, seed=11, output=tmp_path / "stock")


def sirene_sirets() -> set[str]:
    return set(Structure.objects.filter(source=DataSource.SIRENE).values_list("siret", flat=True))


def test_imported_structures_are_exactly_the_expected_selection(stock):
    """Public, active establishments of ESS units with a cultural activity, and nothing else."""
    expected = expected_selection(stock.unites_legales, stock.etablissements)
    assert len(expected.created) > 50
    run, output = import_stock(stock.unites_legales, stock.etablissements)
    assert run.status == ImportStatus.APPLIED
    assert sirene_sirets() == expected.created
    assert run.selected_count == len(expected.selected)
    assert run.counts["rows_read"] == expected.rows == ROWS
    assert run.counts["legacy_nomenclature"] == expected.legacy
    assert run.counts["naf_without_dot"] == expected.naf_without_dot
    assert run.counts["foreign_address"] == expected.foreign
    assert run.counts["partly_public"] == len(expected.partly_public)
    assert run.counts["closed"] == len(expected.closed)
    assert run.counts["created"] == len(expected.created)
    assert run.counts["closed_not_created"] == len(expected.closed - expected.partly_public)
    assert "structures créées" in output
    assert "établissements lus" in output


def test_fields_come_from_the_establishment_and_its_unit(stock):
    expected = expected_selection(stock.unites_legales, stock.etablissements)
    import_stock(stock.unites_legales, stock.etablissements)
    communes = {t.code: t for t in Territory.objects.filter(level__in=["commune", "arrondissement"])}
    for structure in Structure.objects.filter(source=DataSource.SIRENE).select_related("commune"):
        source = expected.by_siret[structure.siret]
        names = [
            source["denominationUsuelleEtablissement"],
            source["enseigne1Etablissement"],
            source["unit.denominationUniteLegale"],
            source["unit.denominationUsuelle1UniteLegale"],
        ]
        assert structure.name == next(n for n in names if n)
        assert structure.source_id == structure.siret
        assert structure.siren == structure.siret[:9]
        assert structure.naf_code == source["naf"]
        assert structure.legal_category_code == source["unit.categorieJuridiqueUniteLegale"]
        # SIRENE's flag when it has one (an association it flags N stays selected by its legal category).
        assert structure.is_ess is {"O": True, "N": False}.get(
            source["unit.economieSocialeSolidaireUniteLegale"], True
        )
        assert structure.ess_family != EssFamily.UNKNOWN
        assert structure.is_active
        assert structure.closed_on is None
        assert str(structure.source_date) == source["dateDernierTraitementEtablissement"][:10]
        code = source["codeCommuneEtablissement"]
        if code in communes:
            place = communes[code]
            # Lyon's arrondissements become Lyon; every commune is a current commune of the referential.
            assert structure.commune_id == (place.commune_id or place.id)
            assert structure.commune is not None
            assert structure.commune.level == "commune"
            assert structure.latitude == pytest.approx(place.latitude, abs=0.03)
            assert structure.longitude == pytest.approx(place.longitude, abs=0.03)
        if source["libelleVoieEtablissement"]:
            assert source["libelleVoieEtablissement"] in structure.street
        assert structure.postal_code == source["codePostalEtablissement"]


def test_search_fields_are_those_of_the_services(stock):
    """search_text, search_name and search_document are what structure_create would have written."""
    import_stock(stock.unites_legales, stock.etablissements)
    structures = list(
        Structure.objects.filter(source=DataSource.SIRENE)
        .select_related("commune")
        .prefetch_related("disciplines__parent")
    )
    index = getattr(services, "structure_search_fields", None) or getattr(services, "_set_search_fields")  # noqa: B009
    for structure in structures:
        stored = (structure.search_text, structure.search_name, structure.search_document)
        index(structure, list(structure.disciplines.all()), [])
        assert (structure.search_text, structure.search_name, structure.search_document) == stored
        assert stored[0]
        assert stored[1]
        assert stored[2]
    # The full-text index followed the bulk writes (SQLite triggers, PostgreSQL expression index).
    target = structures[0]
    word = target.search_name.split()[-1]
    found = filter_fulltext(
        Structure.objects.all(), f"{target.search_name}", fts_table="structures_structure_fts"
    )
    assert target in found, word


def test_every_imported_structure_is_found_by_its_words_and_later_ones_too(stock):
    """The full-text index holds each created structure, and still follows the writes after the import."""
    import_stock(stock.unites_legales, stock.etablissements)
    created = list(Structure.objects.filter(source=DataSource.SIRENE).order_by("pk"))
    assert len(created) > 20
    for structure in created:
        found = filter_fulltext(Structure.objects.all(), structure.search_name, fts_table=FTS_TABLE)
        assert found.filter(pk=structure.pk).exists(), structure.name
    if connection.vendor == "sqlite":  # the index and its table agree row for row (FTS5's own check)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
    # Written after the import, through the services: indexed as ever.
    later = services.structure_create(
        name="Compagnie Zéphyrine", commune=Territory.objects.get(id="COM-42218")
    )
    found = filter_fulltext(Structure.objects.all(), "zephyrine", fts_table=FTS_TABLE)
    assert list(found) == [later]


def test_rerun_is_idempotent(stock):
    first, _ = import_stock(stock.unites_legales, stock.etablissements)
    before = {s.pk: (s.updated_at, s.slug, s.search_document) for s in Structure.objects.all()}
    second, _ = import_stock(stock.unites_legales, stock.etablissements)
    assert second.status == ImportStatus.APPLIED
    assert second.counts["created"] == second.counts.get("updated", 0) == 0
    assert second.counts["unchanged"] == first.counts["created"]
    assert {s.pk: (s.updated_at, s.slug, s.search_document) for s in Structure.objects.all()} == before


def test_aggregates_count_every_cultural_establishment_ess_or_not(stock):
    run, _ = import_stock(stock.unites_legales, stock.etablissements)
    counts = SireneCulturalCount.objects.filter(run=run)
    assert sum(c.establishments for c in counts) == run.counts["cultural_active"]
    assert sum(c.establishments for c in counts if c.is_ess) == run.counts["cultural_ess_active"]
    assert run.counts["cultural_active"] > run.counts["cultural_ess_active"] > 0
    assert not counts.filter(commune__level="arrondissement").exists()
    assert counts.filter(commune_id="COM-69123").exists()  # Lyon, from its arrondissements


def test_dry_run_writes_nothing(stock):
    run, output = import_stock(stock.unites_legales, stock.etablissements, "--dry-run")
    assert run.status == ImportStatus.DRY_RUN
    assert run.counts["created"] > 0
    assert not Structure.objects.exists()
    assert not SireneCulturalCount.objects.exists()
    assert "examinés" in output


def test_guard_refuses_a_selection_under_98_percent(stock, tmp_path):
    """A stock that lost more than 2 % of the selection is refused, unless --force; nothing is written."""
    first, _ = import_stock(stock.unites_legales, stock.etablissements)
    expected = expected_selection(stock.unites_legales, stock.etablissements)
    dropped = sorted(expected.selected)[: len(expected.selected) // 20]  # 5 % fewer
    truncated = tmp_path / "truncated.csv"
    with (
        stock.etablissements.open(encoding="utf-8") as source,
        truncated.open("w", encoding="utf-8") as target,
    ):
        target.writelines(line for line in source if line.split(",")[2] not in dropped)
    before = sorted(Structure.objects.values_list("siret", "updated_at"))

    with pytest.raises(CommandError, match="98 %"):
        import_stock(stock.unites_legales, truncated)
    refused = first.__class__.objects.latest()
    assert refused.status == ImportStatus.REFUSED
    assert (refused.selected_count or 0) < 0.98 * (first.selected_count or 0)
    assert sorted(Structure.objects.values_list("siret", "updated_at")) == before
    assert not SireneCulturalCount.objects.filter(run=refused).exists()

    dry, _ = import_stock(stock.unites_legales, truncated, "--dry-run")
    assert dry.status == ImportStatus.DRY_RUN
    assert "Garde-fou" in dry.message
    other_selection, _ = import_stock(stock.unites_legales, truncated, "--naf", "90.01Z")
    assert other_selection.status == ImportStatus.APPLIED  # compared with runs of the same selection only

    forced, output = import_stock(stock.unites_legales, truncated, "--force")
    assert forced.status == ImportStatus.APPLIED
    assert "--force" in forced.message
    assert "Garde-fou" in output


def test_naf_and_ess_flag_options(stock):
    run, _ = import_stock(stock.unites_legales, stock.etablissements, "--naf", "9001Z,90.02Z")
    assert set(Structure.objects.values_list("naf_code", flat=True)) <= {"90.01Z", "90.02Z"}
    expected = expected_selection(stock.unites_legales, stock.etablissements, {"90.01Z", "90.02Z"})
    assert sirene_sirets() == expected.created
    assert run.options["selection"] == {"naf": ["90.01Z", "90.02Z"], "ess_flag": True}

    Structure.objects.all().delete()
    import_stock(stock.unites_legales, stock.etablissements, "--sans-ess-flag", "--force")
    # Without SIRENE's flag, only the legal categories of the ESS count: no SAS, no SARL.
    categories = set(Structure.objects.values_list("legal_category_code", flat=True))
    assert categories
    assert not categories & {"5710", "5499", "5498", "5720"}


def test_parquet_and_zipped_stocks_give_the_same_directory(loire_rhone, tmp_path):
    results: list[tuple[int | None, list[tuple[str, str, str | None]]]] = []
    for options in ({}, {"zipped": True}, {"file_format": "parquet"}):
        stock = generate_stock(rows=4000, seed=5, output=tmp_path / str(len(results)), **options)
        Structure.objects.all().delete()
        run, _ = import_stock(stock.unites_legales, stock.etablissements, "--force")
        results.append(
            (run.selected_count, sorted(Structure.objects.values_list("siret", "name", "commune_id")))
        )
    assert results[0] == results[1] == results[2]


def test_bad_options_are_refused(stock):
    with pytest.raises(CommandError, match="illisible"):
        import_stock(stock.unites_legales, stock.etablissements, "--naf", "spectacle")
    with pytest.raises(CommandError, match="introuvable"):
        import_stock(stock.unites_legales, stock.unites_legales.with_name("absent.csv"))
