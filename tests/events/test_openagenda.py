"""OpenAgenda's format: an export re-imports to the same events; a bad row refuses the whole file."""

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from maillage.events.models import Event, EventOrganiser
from maillage.events.openagenda import export_openagenda, import_openagenda
from maillage.events.selectors import organisers_of, partners_of
from tests.events.factories import EventFactory, EventOrganiserFactory, EventSeriesFactory

pytestmark = pytest.mark.django_db
COMPARED = [
    *("slug", "title", "kind", "description", "keywords", "price", "status", "audience", "series_id"),
    *("start_date", "end_date", "start_time", "end_time", "date_precision"),
    *("recurrence_rule", "recurrence_exceptions"),
    *("attendance_mode", "online_url", "venue", "street", "commune_id"),
    *("accessibility", "accessibility_features"),
]


def picture(event: Event) -> dict[str, Any]:
    values = {name: getattr(event, name) for name in COMPARED}
    values["organisers"] = [s.pk for s in organisers_of(event)]
    values["partners"] = sorted(s.pk for s in partners_of(event))
    return values


def sample_events() -> list[Event]:
    series = EventSeriesFactory.create()
    timed = EventOrganiserFactory.create(
        event__title="Journées de la coopération",
        event__description="Deux jours d'ateliers.",
        event__keywords="coopération, ESS",
        event__price="Gratuit",
        event__start_date=datetime.date(2031, 3, 20),
        event__end_date=datetime.date(2031, 3, 21),
        event__start_time=datetime.time(9, 30),
        event__end_time=datetime.time(17, 0),
        event__attendance_mode="offline",
        event__commune_id="COM-42218",
        event__venue="La Fabrique",
        event__street="20 rue de l'Exemple",
        event__accessibility="Salle de plain-pied, boucle magnétique.",
        event__accessibility_features=["hi", "mi"],
        event__audience="Acteurs culturels",
        event__series=series,
    ).event
    EventOrganiserFactory.create(event=timed, role="partner")
    whole_day = EventFactory.create(title="Festival en ligne", kind="festival", status="cancelled")
    recurring = EventFactory.create(
        title="Atelier mensuel",
        kind="atelier",
        start_date=datetime.date(2031, 1, 7),
        end_date=datetime.date(2031, 1, 7),
        start_time=datetime.time(18, 0),
        end_time=datetime.time(20, 0),
        recurrence_rule="FREQ=MONTHLY;COUNT=4",
        recurrence_exceptions=["2031-02-07"],
    )
    return [timed, whole_day, recurring]


def test_an_export_reimports_to_the_same_events(loire_rhone: None) -> None:
    """Export, remove, import: the same events come back, field for field; a second import changes nothing."""
    events = sample_events()
    before = [picture(e) for e in events]
    data = json.loads(json.dumps(export_openagenda(events)))
    assert data["events"][0]["timings"] == [
        {"begin": "2031-03-20T09:30:00+01:00", "end": "2031-03-20T23:59:00+01:00"},
        {"begin": "2031-03-21T00:00:00+01:00", "end": "2031-03-21T17:00:00+01:00"},
    ]
    assert data["events"][0]["attendanceMode"] == 1
    assert len(data["events"][2]["timings"]) == 3  # four months but not February
    EventOrganiser.objects.all().delete()
    Event.objects.all().delete()

    report = import_openagenda(data, actor=None)
    assert [r.outcome for r in report.rows] == ["créé"] * 3, report.lines()
    after = [picture(Event.objects.get(slug=e["slug"])) for e in data["events"]]
    assert after == before

    again = import_openagenda(data, actor=None)
    assert [r.outcome for r in again.rows] == ["inchangé"] * 3


def test_one_bad_row_refuses_the_whole_file_with_a_report_per_row() -> None:
    data = export_openagenda([EventFactory.create()])
    data["events"].append({"uid": "x", "title": {"fr": "Sans date"}, "timings": []})
    data["events"].append(
        {"uid": "y", "title": {"fr": "Mauvaise date"}, "timings": [{"begin": "demain", "end": "x"}]}
    )
    EventFactory._meta.model.objects.all().delete()
    report = import_openagenda(data, actor=None)
    assert [r.outcome for r in report.rows] == ["créé", "refusé", "refusé"]
    assert "aucun horaire" in report.rows[1].messages[0]
    assert "illisible" in report.rows[2].messages[0]
    assert not Event.objects.exists()
    assert "rien n'a été importé" in report.lines()[-1]


def test_the_agenda_downloads_in_openagenda_format_and_the_command_imports_it(
    client: Client, tmp_path: Path
) -> None:
    event = EventFactory.create(title="Rencontre régionale")
    response = client.get("/evenements/export/openagenda.json")
    assert response.status_code == 200
    path = tmp_path / "agenda.json"
    path.write_bytes(response.content)
    assert json.loads(response.content)["events"][0]["title"] == {"fr": "Rencontre régionale"}
    out = io.StringIO()
    call_command("import_openagenda", str(path), "--dry-run", stdout=out)
    assert f"« {event.title} » : inchangé" in out.getvalue()
    path.write_text('{"events": [{"uid": 1}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="refusé"):
        call_command("import_openagenda", str(path), stdout=io.StringIO())
