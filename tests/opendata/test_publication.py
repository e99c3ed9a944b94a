import csv
import datetime
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from maillage.opendata.models import PublishedFile, Validation
from maillage.opendata.publication import dataset_publish, file_path, publish_opendata
from maillage.opendata.registry import Dataset, register_dataset, unregister_dataset
from maillage.opendata.tables import csv_dataset
from tests.accounts.factories import UserFactory
from tests.structures.factories import KeyFigureFactory, RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def numbers(tmp_path: Path) -> Iterator[dict[str, list[list[str]]]]:
    """Register a throw-away CSV dataset whose rows the test sets."""
    schema = tmp_path / "nombres.schema.json"
    schema.write_text(
        json.dumps({"fields": [{"name": "n", "type": "integer", "constraints": {"required": True}}]}),
        encoding="utf-8",
    )
    state: dict[str, list[list[str]]] = {"rows": [["1"], ["2"]]}
    register_dataset(
        csv_dataset(
            name="nombres-essai",
            title="Nombres d'essai",
            description="Un jeu d'essai.",
            schema_path=schema,
            rows=lambda: state["rows"],
        )
    )
    yield state
    unregister_dataset("nombres-essai")


def read_csv(published: PublishedFile) -> list[dict[str, str]]:
    with file_path(published).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_job_validates_and_publishes_every_core_dataset() -> None:
    """A run writes each dataset's dated file, valid, current, with its size and checksum."""
    StructureFactory.create_batch(3, with_siret=True)

    summary = publish_opendata(day=TODAY)

    assert summary.rejected == []
    names = {
        "structures",
        "structures-data-inclusion",
        "relations",
        "reseaux",
        "chiffres-cles",
        "indicateurs-territoriaux",
    }
    assert names <= set(summary.published)
    for name in names:
        published = PublishedFile.objects.get(dataset=name, is_current=True)
        assert published.validation == Validation.VALID
        assert published.day == TODAY
        path = file_path(published)
        assert path.name.startswith(f"{name}-2026-12-02.")
        assert published.size == path.stat().st_size
        assert len(published.sha256) == 64
    structures = PublishedFile.objects.get(dataset="structures", is_current=True)
    assert structures.rows == 3
    assert len(read_csv(structures)) == 3
    records = json.loads(
        file_path(PublishedFile.objects.get(dataset="structures-data-inclusion")).read_text()
    )
    assert len(records) == 3
    assert all(r["source"] == "maillage" for r in records)


def test_a_file_made_invalid_is_not_published_and_yesterdays_stays(
    numbers: dict[str, list[list[str]]],
) -> None:
    """A bad row rejects the day's file: yesterday's is still current and served, staff are told."""
    publish_opendata(day=YESTERDAY, only=["nombres-essai"])
    yesterday = PublishedFile.objects.get(dataset="nombres-essai", is_current=True)
    numbers["rows"] = [["3"], ["pas un nombre"]]

    summary = publish_opendata(day=TODAY, only=["nombres-essai"])

    assert summary.rejected == ["nombres-essai"]
    current = PublishedFile.objects.get(dataset="nombres-essai", is_current=True)
    assert current == yesterday
    assert read_csv(current) == [{"n": "1"}, {"n": "2"}]
    rejected = PublishedFile.objects.get(dataset="nombres-essai", day=TODAY)
    assert rejected.validation == Validation.REJECTED
    assert not rejected.is_current
    assert "ligne 3, colonne n" in rejected.report[0]
    assert file_path(rejected).parent.name == "rejets"
    assert file_path(rejected).exists()


@pytest.mark.django_db(transaction=True)
def test_staff_are_told_of_a_rejected_file_once_committed(numbers: dict[str, list[list[str]]]) -> None:
    """The alert goes to active staff only, after the commit, and names the file kept online."""
    UserFactory.create(email="equipe@example.org", is_staff=True)
    UserFactory.create(email="personne@example.org")
    publish_opendata(day=YESTERDAY, only=["nombres-essai"])
    numbers["rows"] = [["pas un nombre"]]

    publish_opendata(day=TODAY, only=["nombres-essai"])

    assert [m.to for m in mail.outbox] == [["equipe@example.org"]]
    body = mail.outbox[0].body
    assert "« Nombres d'essai »" in mail.outbox[0].subject
    assert "Le fichier publié reste celui du 1 décembre 2026." in body
    assert "ligne 2, colonne n : valeur illisible pour le type attendu" in body


def test_a_second_valid_run_the_same_day_replaces_the_days_file(numbers: dict[str, list[list[str]]]) -> None:
    publish_opendata(day=TODAY, only=["nombres-essai"])
    numbers["rows"] = [["7"]]

    publish_opendata(day=TODAY, only=["nombres-essai"])

    current = PublishedFile.objects.get(dataset="nombres-essai", is_current=True)
    assert read_csv(current) == [{"n": "7"}]
    assert PublishedFile.objects.filter(dataset="nombres-essai", validation=Validation.REPLACED).count() == 1


def test_a_writer_that_breaks_rejects_its_file_only() -> None:
    """An exception while writing is reported; the other datasets are still published."""

    def broken(stream: TextIO) -> int:
        stream.write("[\n")
        raise RuntimeError("base indisponible")

    register_dataset(
        Dataset(
            name="casse-essai",
            title="Cassé",
            description="",
            format="json",
            schema="aucun",
            writer=broken,
            validator=lambda path: [],
        )
    )
    try:
        summary = publish_opendata(day=TODAY)
    finally:
        unregister_dataset("casse-essai")

    assert summary.rejected == ["casse-essai"]
    assert "structures" in summary.published
    report = PublishedFile.objects.get(dataset="casse-essai").report
    assert report == ["erreur pendant l'écriture ou la validation : RuntimeError: base indisponible"]


def test_a_corrupted_structure_value_rejects_the_data_inclusion_file() -> None:
    """A value the schema refuses (an e-mail without @) keeps the data·inclusion file unpublished."""
    StructureFactory.create(name="Le Fil", email="pas-une-adresse")

    published = dataset_publish_named("structures-data-inclusion")

    assert published.validation == Validation.REJECTED
    assert any("courriel" in problem for problem in published.report)


def dataset_publish_named(name: str) -> PublishedFile:
    from maillage.opendata.registry import dataset_get  # noqa: PLC0415

    dataset = dataset_get(name)
    assert dataset is not None
    return dataset_publish(dataset, day=TODAY)


def test_no_withdrawn_structure_nor_personal_contact_is_in_any_file() -> None:
    """Only public records and public fields: a withdrawn structure and a person's e-mail never appear."""
    kept = StructureFactory.create(name="Compagnie Publique", with_siret=True)
    withdrawn = StructureFactory.create(
        name="Compagnie Retirée", withdrawn_at=timezone.now(), email="retiree@example.org"
    )
    manager = UserFactory.create(email="gerante.personnelle@example.org", display_name="Gérante Secrète")
    kept.memberships.create(user=manager, role="manager")
    network = StructureFactory.create(name="Réseau Public", network=True)
    RelationFactory.create(source=kept, target=network, kind="member_of", decided_by=manager)
    RelationFactory.create(source=withdrawn, target=network, kind="member_of")
    RelationFactory.create(source=kept, target=network, kind="partner", state="declared")
    KeyFigureFactory.create(structure=withdrawn, note="note interne")

    publish_opendata(day=TODAY)

    texts = "\n".join(file_path(p).read_text(encoding="utf-8") for p in PublishedFile.objects.all())
    assert "Compagnie Publique" in texts
    for secret in ("Compagnie Retirée", "retiree@example.org", "gerante.personnelle", "Gérante Secrète"):
        assert secret not in texts
    relations = read_csv(PublishedFile.objects.get(dataset="relations"))
    assert [(r["structure_nom"], r["nature"]) for r in relations] == [("Compagnie Publique", "member_of")]
    networks = read_csv(PublishedFile.objects.get(dataset="reseaux"))
    assert [(n["nom"], n["membres"]) for n in networks] == [("Réseau Public", "1")]


def test_the_command_publishes_and_refuses_an_unknown_dataset() -> None:
    out = io.StringIO()

    call_command("publish_opendata", "--only", "structures", stdout=out)

    assert out.getvalue().strip() == "1 fichier(s) publié(s)."
    with pytest.raises(CommandError, match="jeu de données inconnu : inconnu"):
        call_command("publish_opendata", "--only", "inconnu")


def test_the_scheduled_job_hands_the_publication_to_the_task_worker() -> None:
    """The job runs the command with --background: the task (run inline in tests) publishes."""
    from maillage.operations.jobs import job_by_name, job_run  # noqa: PLC0415

    result = job_run(job_by_name("publish-opendata"))

    assert result.ok
    assert "confiée au travailleur" in result.summary
    assert PublishedFile.objects.filter(dataset="structures", is_current=True).exists()


def test_files_older_than_the_retention_are_removed_never_the_current_one(
    numbers: dict[str, list[list[str]]], settings: object
) -> None:
    """Old dated files go, their records stay; a current file stays however old it is."""
    old_day = TODAY - datetime.timedelta(days=40)
    publish_opendata(day=old_day - datetime.timedelta(days=1), only=["nombres-essai"])
    publish_opendata(day=old_day, only=["nombres-essai"])
    numbers["rows"] = [["pas un nombre"]]
    publish_opendata(day=TODAY, only=["nombres-essai"])
    oldest, old = PublishedFile.objects.filter(dataset="nombres-essai", validation="valid").order_by("day")

    assert oldest.path == ""
    old.refresh_from_db()
    assert old.is_current
    assert file_path(old).exists()
    numbers["rows"] = [["5"]]

    publish_opendata(day=TODAY, only=["nombres-essai"])

    old.refresh_from_db()
    assert old.path == ""
    assert PublishedFile.objects.filter(dataset="nombres-essai").count() == 4


def test_a_dataset_name_belongs_to_one_app() -> None:
    """Another module may not take a registered name; the same module registering again replaces it."""
    from maillage.opendata.registry import dataset_get  # noqa: PLC0415

    structures = dataset_get("structures")
    assert structures is not None

    with pytest.raises(
        ValueError, match=r"jeu de données déjà enregistré par maillage\.opendata\.directory_rows"
    ):
        register_dataset(
            Dataset(
                name="structures",
                title="Autre",
                description="",
                format="csv",
                schema="",
                writer=lambda stream: 0,
                validator=lambda path: [],
            )
        )
    register_dataset(structures)
    assert dataset_get("structures") is structures


def test_a_killed_runs_leftover_is_cleared_by_the_next_run(opendata_root: Path) -> None:
    work = opendata_root / ".en-cours"
    work.mkdir(parents=True)
    (work / "structures-abandonne.csv").write_text("moitié", encoding="utf-8")

    publish_opendata(day=TODAY, only=["reseaux"])

    assert list(work.iterdir()) == []
