"""The schema's CSV both ways: the official examples go in and come out valid, with the same values."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest

from maillage.schemes.enums import Variant
from maillage.schemes.exchange import validate_csv, write_csv
from maillage.schemes.importer import import_schemes
from maillage.schemes.models import Scheme

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dispositif-aide"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.django_db
@pytest.mark.parametrize("variant", [Variant.BASE, Variant.PROFESSIONNELS])
def test_round_trip_of_the_official_example_validates_with_the_same_values(variant: str) -> None:
    original = (FIXTURES / f"{variant}.exemple.csv").read_bytes()

    report = import_schemes(original, source="exemple Etalab")
    exported = write_csv(Scheme.objects.prefetch_related("porteurs"), variant)

    assert report.created == 1
    assert report.rejected == []
    assert validate_csv(exported, variant) == []
    assert rows(exported) == rows(original.decode("utf-8"))


@pytest.mark.django_db
def test_importing_twice_changes_nothing_the_second_time() -> None:
    original = (FIXTURES / "dispositif-aide-professionnels.exemple.csv").read_bytes()
    import_schemes(original, source="exemple")

    second = import_schemes(original, source="exemple")

    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert Scheme.objects.get().version == 1


def reordered(text: str, changes: dict[str, str], extra: dict[str, str] | None = None) -> bytes:
    """Return the CSV with its columns reversed, some cells changed and unknown columns added."""
    [row] = rows(text)
    row.update(changes)
    row.update(extra or {})
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(reversed(list(row))))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode("utf-8")


@pytest.mark.django_db
def test_a_published_scheme_takes_new_dates_at_once_and_queues_other_changes() -> None:
    text = (FIXTURES / "dispositif-aide.exemple.csv").read_text(encoding="utf-8")
    import_schemes(text.encode(), source="catalogue")

    report = import_schemes(
        reordered(
            text, {"date_cloture": "2027-01-31T00:00:00Z", "titre": "Nouveau titre"}, {"ma_colonne": "x"}
        ),
        source="catalogue",
    )

    scheme = Scheme.objects.get()
    assert report.queued == 1
    assert report.unknown_columns == ["ma_colonne"]
    assert scheme.closes_at == datetime.datetime(2027, 1, 31, tzinfo=datetime.UTC)
    assert scheme.title == "Accélérateur décarbonation"
    assert scheme.reviews.get().changes == {"title": "Nouveau titre"}
    assert scheme.extra_columns == {"ma_colonne": "x"}


@pytest.mark.django_db
def test_rejected_rows_are_reported_line_by_line_in_french() -> None:
    text = (FIXTURES / "dispositif-aide.exemple.csv").read_text(encoding="utf-8")

    report = import_schemes(reordered(text, {"cibles": "artistes"}), source="catalogue")

    assert report.created == 0
    [problem] = report.rejected
    assert (problem.line, problem.column) == (2, "cibles")
    assert "hors des règles du schéma" in problem.message
    assert json.dumps(report.as_dict(), ensure_ascii=False)


@pytest.mark.django_db
def test_a_scheme_missing_from_three_runs_is_retired_from_the_source_never_deleted(settings) -> None:
    settings.SCHEMES_MISSING_RUNS = 3
    text = (FIXTURES / "dispositif-aide.exemple.csv").read_text(encoding="utf-8")
    import_schemes(text.encode(), source="catalogue")
    header_only = text.splitlines()[0].encode() + b"\n"

    for _ in range(3):
        import_schemes(header_only, source="catalogue")

    scheme = Scheme.objects.get()
    assert scheme.retired_from_source_at is not None
    assert not Scheme.objects.visible().exists()


@pytest.mark.django_db
def test_a_dry_run_reports_without_writing() -> None:
    report = import_schemes((FIXTURES / "dispositif-aide.exemple.csv").read_bytes(), source="x", dry_run=True)

    assert report.created == 1
    assert not Scheme.objects.exists()
