import csv
import datetime

import pytest
from django.utils import timezone

from maillage.events.enums import EventStatus, RegistrationStatus
from maillage.opendata.models import PublishedFile, Validation
from maillage.opendata.publication import file_path, publish_opendata
from maillage.opendata.registry import datasets
from maillage.schemes.models import Scheme
from tests.events.factories import EventFactory, EventOrganiserFactory
from tests.resources.factories import ResourceFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


def rows_of(name: str) -> list[dict[str, str]]:
    published = PublishedFile.objects.get(dataset=name, is_current=True)
    assert published.validation == Validation.VALID, published.report
    with file_path(published).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_feature_apps_register_their_datasets() -> None:
    assert {"dispositifs", "evenements", "ressources", "initiatives"} <= {d.name for d in datasets()}


@pytest.mark.usefixtures("loire_rhone")
def test_visible_schemes_are_published_in_the_dispositif_aide_schema() -> None:
    make_scheme(title="Fonds pour les lieux intermédiaires")
    make_scheme(title="Dispositif en brouillon", status="draft")

    publish_opendata(day=TODAY, only=["dispositifs"])

    assert [r["titre"] for r in rows_of("dispositifs")] == ["Fonds pour les lieux intermédiaires"]


@pytest.mark.usefixtures("loire_rhone")
def test_a_scheme_for_corsica_is_left_out_and_the_file_still_published() -> None:
    """The schema's code pattern refuses DEP-2A: one such scheme must not block the file every day."""
    make_scheme(title="Fonds pour les lieux intermédiaires")
    corsica = make_scheme(title="Aide aux lieux de Corse")
    Scheme.objects.filter(pk=corsica.pk).update(geo_codes=["DEP-2A", "DEP-2B"])

    publish_opendata(day=TODAY, only=["dispositifs"])

    assert [r["titre"] for r in rows_of("dispositifs")] == ["Fonds pour les lieux intermédiaires"]
    dataset = next(d for d in datasets() if d.name == "dispositifs")
    assert "code corse" in dataset.description


def test_public_events_are_published_never_drafts_withdrawn_or_registrants() -> None:
    organiser = StructureFactory.create(name="Compagnie Organisatrice")
    withdrawn_organiser = StructureFactory.create(name="Compagnie Retirée", withdrawn_at=timezone.now())
    event = EventFactory.create(title="Rencontre des lieux", with_registration=True)
    EventOrganiserFactory.create(event=event, structure=organiser)
    EventOrganiserFactory.create(event=event, structure=withdrawn_organiser)
    event.registrations.create(
        name="Inscrite Secrète", email="inscrite@example.org", status=RegistrationStatus.CONFIRMED
    )
    EventFactory.create(title="Brouillon caché", status=EventStatus.DRAFT)
    EventFactory.create(title="Événement retiré", withdrawn_at=timezone.now())

    publish_opendata(day=TODAY, only=["evenements"])

    rows = rows_of("evenements")
    assert [(r["titre"], r["organisateurs"]) for r in rows] == [
        ("Rencontre des lieux", "Compagnie Organisatrice")
    ]
    assert rows[0]["url"] == f"https://maillage.test/evenements/{event.slug}/"
    text = file_path(PublishedFile.objects.get(dataset="evenements")).read_text(encoding="utf-8")
    assert "inscrite@example.org" not in text
    assert "Inscrite Secrète" not in text


def test_resources_not_withdrawn_are_published_in_dublin_core() -> None:
    ResourceFactory.create(title="Guide de la coopération culturelle")
    ResourceFactory.create(title="Guide retiré", withdrawn_at=timezone.now())

    publish_opendata(day=TODAY, only=["ressources"])

    assert [r["dc:title"] for r in rows_of("ressources")] == ["Guide de la coopération culturelle"]


@pytest.mark.usefixtures("loire_rhone")
def test_published_initiatives_are_published_with_their_structures_never_drafts() -> None:
    from maillage.territories.models import Territory  # noqa: PLC0415
    from tests.initiatives.factories import InitiativeFactory, InitiativeStructureFactory  # noqa: PLC0415

    loire = Territory.objects.get(id="DEP-42")
    fiche = InitiativeFactory.create(published=True, title="Pôle de coopération", territory=loire)
    InitiativeStructureFactory.create(initiative=fiche, structure=StructureFactory.create(name="La Fabrique"))
    InitiativeStructureFactory.create(
        initiative=fiche, structure=StructureFactory.create(name="Le Zoo"), role="partner"
    )
    InitiativeFactory.create(title="Brouillon", territory=loire)

    publish_opendata(day=TODAY, only=["initiatives"])

    [row] = rows_of("initiatives")
    assert (row["titre"], row["territoire"], row["porteurs"], row["partenaires"]) == (
        "Pôle de coopération",
        "DEP-42",
        "La Fabrique",
        "Le Zoo",
    )
    assert row["a_reconfirmer"] == "false"
