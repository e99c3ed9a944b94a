"""Agenda pages: filters, an event's page with its JSON-LD and calendar link, registering and cancelling."""

import datetime
import json
import re
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.events.models import Event, Registration
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.events.factories import EventFactory, EventOrganiserFactory, SessionFactory
from tests.events.jsonld import expand

pytestmark = pytest.mark.django_db
SCHEMA = "http://schema.org/"


def titles(client: Client, query: str = "") -> list[str]:
    response = client.get(reverse("events:list") + query)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', unescape(response.content.decode()))


def in_commune(commune: str, title: str, start: datetime.date) -> Event:
    return EventFactory.create(
        title=title, commune_id=commune, attendance_mode="offline", start_date=start, end_date=start
    )


def test_the_agenda_filters_by_territory_type_and_dates(client: Client, loire_rhone: None) -> None:
    """The Loire holds Saint-Étienne's meeting, not Lyon's; dates and type narrow further."""
    in_commune("COM-42218", "Rencontre stéphanoise", datetime.date(2031, 3, 20))
    in_commune("COM-69123", "Atelier lyonnais", datetime.date(2031, 4, 2))
    EventFactory.create(title="Brouillon caché", status="draft")
    EventFactory.create(title="Retiré", withdrawn_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))

    assert set(titles(client)) == {"Rencontre stéphanoise", "Atelier lyonnais"}
    assert titles(client, "?territoire=DEP-42") == ["Rencontre stéphanoise"]
    assert titles(client, "?territoire=COM-42218") == ["Rencontre stéphanoise"]
    assert titles(client, "?du=2031-04-01&au=2031-04-30") == ["Atelier lyonnais"]
    assert titles(client, "?type=formation") == []
    assert titles(client, "?q=lyonnais") == ["Atelier lyonnais"]


@pytest.mark.parametrize(
    "query",
    ["?territoire=NOPE", "?type=bal", "?du=20-03-2031", "?reseau=%D9%A3", "?du=2031-05-01&au=2031-04-01"],
)
def test_bad_filters_answer_400_in_french(client: Client, query: str) -> None:
    response = client.get(reverse("events:list") + query)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_the_agenda_and_an_event_page_read_a_bounded_number_of_queries(
    client: Client, django_assert_max_num_queries: object
) -> None:
    for _ in range(15):
        event = EventOrganiserFactory.create().event
        EventOrganiserFactory.create(event=event, role="partner")
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get(reverse("events:list"))
    event = EventFactory.create(with_registration=True)
    for _ in range(5):
        SessionFactory.create(event=event, capacity=3)
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        client.get(event.get_absolute_url())


def test_an_event_page_carries_schema_org_event_json_ld_and_its_ics_link(client: Client) -> None:
    """pyld expands the page's JSON-LD to a schema.org Event with its dates, place, organiser and status."""
    link = EventOrganiserFactory.create(
        event__title="Journée de la coopération",
        event__start_date=datetime.date(2031, 3, 20),
        event__end_date=datetime.date(2031, 3, 21),
        event__attendance_mode="mixed",
        event__venue="La Fabrique",
        event__price="Gratuit",
    )
    html = client.get(link.event.get_absolute_url()).content.decode()
    assert reverse("events:ics", kwargs={"slug": link.event.slug}) in html
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    (node,) = expand(json.loads(script))

    assert node["@type"] == [f"{SCHEMA}Event"]
    assert node[f"{SCHEMA}name"][0]["@value"] == "Journée de la coopération"
    assert node[f"{SCHEMA}startDate"][0]["@value"] == "2031-03-20"
    assert node[f"{SCHEMA}endDate"][0]["@value"] == "2031-03-21"
    assert node[f"{SCHEMA}eventAttendanceMode"][0]["@id"] == "https://schema.org/MixedEventAttendanceMode"
    assert node[f"{SCHEMA}eventStatus"][0]["@id"] == "https://schema.org/EventScheduled"
    organiser = node[f"{SCHEMA}organizer"][0]
    assert organiser[f"{SCHEMA}name"][0]["@value"] == link.structure.name
    types = {t for place in node[f"{SCHEMA}location"] for t in place["@type"]}
    assert types == {f"{SCHEMA}Place", f"{SCHEMA}VirtualLocation"}


def test_register_then_cancel_by_the_mailed_link_promotes_the_waiting_person(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """The last seat is taken, the next person waits; the first cancels from the link and the seat passes."""
    event = EventFactory.create(with_registration=True, capacity=1)
    for n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("events:register", kwargs={"slug": event.slug}),
                {"name": f"Personne {n}", "email": f"p{n}@example.org", "structure_name": "Le Fil"},
                follow=True,
            )
        assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "liste d'attente" in page
    first = Registration.objects.get(email="p0@example.org")
    cancel = reverse("events:cancel", kwargs={"token": first.token})
    assert cancel in mail.outbox[0].body

    assert "Annuler mon inscription" in client.get(cancel).content.decode()  # GET never cancels
    assert Registration.objects.get(pk=first.pk).status == "confirmed"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(cancel).status_code == 302
    assert Registration.objects.get(email="p1@example.org").status == "confirmed"
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]
    assert client.get(reverse("events:cancel", kwargs={"token": "inconnu"})).status_code == 404


def test_a_bad_registration_is_refused_with_its_message(client: Client) -> None:
    event = EventFactory.create(with_registration=True)
    url = reverse("events:register", kwargs={"slug": event.slug})
    assert client.post(url, {"name": "", "email": "pas-une-adresse"}).status_code == 400
    client.post(url, {"name": "Camille", "email": "c@example.org"})
    again = client.post(url, {"name": "Camille", "email": "c@example.org"})
    assert again.status_code == 409
    assert "déjà inscrite" in unescape(again.content.decode())


def test_only_the_organisers_managers_export_the_registrants(client: Client) -> None:
    """The CSV of registrants is for the organisers' managers; others get a 404."""
    link = EventOrganiserFactory.create(event__registration_open=True, event__capacity=5)
    client.post(
        reverse("events:register", kwargs={"slug": link.event.slug}),
        {"name": "Camille Martin", "email": "c@example.org", "structure_name": "La Baroufada"},
    )
    url = reverse("events:registrations_csv", kwargs={"slug": link.event.slug})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory.create())
    assert client.get(url).status_code == 404
    manager = StructureMembershipFactory.create(structure=link.structure, role="manager").user
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Camille Martin;c@example.org;La Baroufada;;Inscrit" in text
