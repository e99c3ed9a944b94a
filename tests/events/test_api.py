"""The events API: the agenda with the page's filters, an event with its programme, a series; in OpenAPI."""

import datetime

import pytest
from django.test import Client

from tests.events.factories import EventFactory, EventOrganiserFactory, EventSeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_the_agenda_reads_public_events_with_the_page_filters(client: Client, loire_rhone: None) -> None:
    here = EventFactory.create(
        title="Rencontre",
        commune_id="COM-42218",
        attendance_mode="offline",
        start_date=datetime.date(2031, 3, 20),
    )
    EventFactory.create(title="Ailleurs", commune_id="COM-69123", attendance_mode="offline")
    EventFactory.create(title="Brouillon", status="draft")
    body = client.get("/api/v1/evenements?territoire=DEP-42").json()
    assert [item["slug"] for item in body["items"]] == [here.slug]
    assert body["items"][0]["commune"] == {"id": "COM-42218", "nom": "Saint-Étienne"}
    assert body["items"][0]["ics"].endswith(f"/evenements/{here.slug}.ics")
    assert client.get("/api/v1/evenements").json()["total"] == 2
    bad = client.get("/api/v1/evenements?du=hier")
    assert bad.status_code == 400
    assert bad.json()["parametre"] == "du"


def test_an_event_has_its_programme_and_a_series_its_events(client: Client) -> None:
    series = EventSeriesFactory.create()
    link = EventOrganiserFactory.create(
        event__series=series, event__capacity=30, event__registration_open=True
    )
    SessionFactory.create(event=link.event, title="Table ronde", room="Salle 2")
    detail = client.get(f"/api/v1/evenements/{link.event.slug}").json()
    assert detail["organisateurs"][0]["nom"] == link.structure.name
    assert detail["programme"][0]["salle"] == "Salle 2"
    assert detail["places_restantes"] == 30
    assert (
        client.get(f"/api/v1/evenements/series/{series.slug}").json()["evenements"][0]["slug"]
        == link.event.slug
    )
    assert client.get("/api/v1/evenements/inconnu").status_code == 404
    draft = EventFactory.create(status="draft")
    assert client.get(f"/api/v1/evenements/{draft.slug}").status_code == 404


def test_the_api_lists_in_bounded_queries_and_is_described(
    client: Client, django_assert_max_num_queries: object
) -> None:
    for _ in range(20):
        EventOrganiserFactory.create(event__series=EventSeriesFactory.create())
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert client.get("/api/v1/evenements").status_code == 200
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/evenements", "/api/v1/evenements/{slug}", "/api/v1/evenements/series/{slug}"} <= set(
        paths
    )
