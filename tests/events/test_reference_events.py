"""The meetings the founding documents date exist from `load_reference_data` alone, linked to structures."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.events.models import Event, EventSeries
from maillage.structures.enums import DatePrecision

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_reference_data", *args, stdout=out)
    return out.getvalue()


def test_saint_etienne_2012_is_loaded_with_its_organisers_place_and_cycle(loire_rhone: None) -> None:
    """20 and 21 March 2012 in Saint-Étienne, by the five organisers the release lists, after Redon 2011."""
    load()
    event = Event.objects.get(source="reference", source_id="saint-etienne-2012")
    assert event.title == "Culture et développement territorial, construire les coopérations"
    assert (event.start_date, event.end_date) == (datetime.date(2012, 3, 20), datetime.date(2012, 3, 21))
    assert event.commune_id == "COM-42218"
    organisers = [
        link.structure.source_id
        for link in event.organiser_links.filter(role="organiser").order_by("position")
    ]
    assert organisers == ["le-fil", "culture-et-cooperation", "cress-rhone-alpes", "opale", "ufisc"]
    assert {link.structure.name for link in event.organiser_links.filter(role="partner")} == {
        "Fédurok",
        "Fédération des scènes de jazz",
    }
    assert "Communiqué" in event.source_label

    series = EventSeries.objects.get(source="reference")
    cycle = list(series.events.order_by("start_date"))
    assert [e.source_id for e in cycle] == ["redon-2011", "saint-etienne-2012"]
    redon = cycle[0]
    assert (redon.start_date, redon.date_precision) == (datetime.date(2011, 5, 1), DatePrecision.MONTH)


def test_a_rerun_changes_nothing_and_a_dry_run_writes_nothing(loire_rhone: None) -> None:
    assert "Événements : 4 créé(s)" in load("--dry-run")
    assert not Event.objects.exists()
    assert "Événements : 4 créé(s)" in load()
    assert "Événements : 0 créé(s), 0 modifié(s), 4 inchangé(s)" in load()


def test_the_reference_meetings_show_in_the_agenda_of_the_loire(client: Client, loire_rhone: None) -> None:
    load()
    page = client.get("/evenements/?territoire=DEP-42").content.decode()
    assert "construire les coopérations" in page
    assert "Première rencontre nationale des PTCE" not in page
    detail = client.get("/evenements/saint-etienne-2012/").content.decode()
    assert "Le Fil" in detail
    assert "du 20 mars 2012 au 21 mars 2012" in detail
