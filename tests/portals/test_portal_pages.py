"""A portal shows its preset's records only, never its excluded ones, in list, map, exports and widgets."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client

from maillage.portals.enums import Section
from maillage.portals.hosts import clear_host_cache
from maillage.structures.models import Structure
from tests.events.factories import EventFactory, EventOrganiserFactory
from tests.portals.factories import make_portal, network_with_members
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    network, members = network_with_members(4, name="Fédération des Arts de la Rue")
    outsider = StructureFactory.create(name="Compagnie Hors Champ", latitude=45.44, longitude=4.39)
    # Points of their own, so that the GeoJSON export holds them too.
    Structure.objects.filter(pk__in=[m.pk for m in members]).update(latitude=45.43, longitude=4.38)
    excluded, highlighted = members[0], members[3]
    portal = make_portal(slug="arts-rue", network=network, excluded=[excluded], highlighted=[highlighted])
    return {
        "network": network,
        "members": members,
        "outsider": outsider,
        "excluded": excluded,
        "portal": portal,
        "highlighted": highlighted,
    }


def _body(response: Any) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/portail/arts-rue/",
        "/portail/arts-rue/carte/",
        "/portail/arts-rue/export/csv/",
        "/portail/arts-rue/export/geojson/",
        "WIDGET",
        "WIDGET_MAP",
    ],
)
def test_a_portal_preset_to_a_network_shows_only_its_members(world: dict[str, Any], path: str) -> None:
    """List, map, both exports and the preset's widgets: members but the excluded one, no outsider."""
    token = world["portal"].embed_token
    url = {"WIDGET": f"/embed/structures/?preset={token}", "WIDGET_MAP": f"/embed/carte/?preset={token}"}.get(
        path, path
    )
    response = Client().get(url)
    assert response.status_code == 200
    body = _body(response)
    for member in world["members"][1:]:
        assert member.slug in body, (path, member.name)
    assert world["outsider"].slug not in body
    assert world["excluded"].slug not in body


def test_asking_for_another_network_on_a_portal_changes_nothing(world: dict[str, Any]) -> None:
    """The preset is over the visitor's filters: `reseau=` cannot widen a portal."""
    body = Client().get("/portail/arts-rue/", {"reseau": world["outsider"].slug}).content.decode()
    assert world["outsider"].name not in body
    assert world["members"][1].slug in body


def test_the_csv_export_holds_the_members_exactly(world: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(_body(Client().get("/portail/arts-rue/export/csv/")))))
    assert len(rows) == 3
    features = json.loads(_body(Client().get("/portail/arts-rue/export/geojson/")))["features"]
    assert len(features) == 3


def test_highlighted_records_come_first(world: dict[str, Any]) -> None:
    """The portal's highlighted structure heads the list, marked as such, whatever its name."""
    body = Client().get("/portail/arts-rue/").content.decode()
    first = body[body.index('class="structure-card') :]
    first = first[: first.index("</li>")]
    assert world["highlighted"].slug in first
    assert "portal-highlighted" in first
    assert "À la une" in first


def test_excluded_records_never_show_in_the_agenda(world: dict[str, Any]) -> None:
    """An event organised by an excluded structure stays off the portal's agenda and its widget."""
    EventOrganiserFactory.create(
        structure=world["members"][1], event=EventFactory.create(title="Fête des rues")
    )
    EventOrganiserFactory.create(structure=world["excluded"], event=EventFactory.create(title="Bal exclu"))
    for url in ("/portail/arts-rue/agenda/", f"/embed/agenda/?preset={world['portal'].embed_token}"):
        body = Client().get(url).content.decode()
        assert "Fête des rues" in body
        assert "Bal exclu" not in body


def test_sections_not_chosen_answer_404() -> None:
    portal = make_portal(slug="sobre", sections=[Section.DIRECTORY])
    assert Client().get("/portail/sobre/").status_code == 200
    for section in ("carte", "agenda", "ressources", "observatoire"):
        assert Client().get(f"/portail/sobre/{section}/").status_code == 404
    assert portal.shows(Section.DIRECTORY)


def test_every_section_renders(world: dict[str, Any]) -> None:
    for section in ("", "carte/", "agenda/", "ressources/", "observatoire/"):
        assert Client().get(f"/portail/arts-rue/{section}").status_code == 200, section


def test_a_withdrawn_or_unknown_portal_is_a_404(world: dict[str, Any]) -> None:
    from django.utils import timezone  # noqa: PLC0415

    world["portal"].withdrawn_at = timezone.now()
    world["portal"].save()
    assert Client().get("/portail/arts-rue/").status_code == 404
    assert Client().get("/portail/inconnu/").status_code == 404
    assert Client().get(f"/embed/structures/?preset={world['portal'].embed_token}").status_code == 400


def test_a_bad_filter_on_a_portal_is_a_400_in_french(world: dict[str, Any]) -> None:
    response = Client().get("/portail/arts-rue/", {"page": "²"})
    assert response.status_code == 400
    assert "page" in response.content.decode()


def test_a_portal_is_served_on_its_own_host_name(world: dict[str, Any], settings: Any) -> None:
    """Once the host is in ALLOWED_HOSTS, its root is the portal; the rest of the site still answers."""
    portal = world["portal"]
    portal.custom_host = "annuaire.arts-rue.test"
    portal.save()
    clear_host_cache()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "annuaire.arts-rue.test"]
    client = Client(HTTP_HOST="annuaire.arts-rue.test")
    body = client.get("/").content.decode()
    assert world["members"][1].slug in body
    assert world["outsider"].slug not in body
    assert 'href="/carte/"' in body
    assert client.get("/carte/").status_code == 200
    assert client.get("/structures/").status_code == 200
    # The site's own host is not the portal's.
    assert (
        "Fédération des Arts de la Rue" not in Client().get("/").content.decode().split("<main", 1)[1][:200]
    )


def test_a_host_outside_allowed_hosts_is_refused_even_with_a_portal(world: dict[str, Any]) -> None:
    """The portals' table never widens the hosts the site answers: ALLOWED_HOSTS decides first."""
    world["portal"].custom_host = "pas-autorise.test"
    world["portal"].save()
    clear_host_cache()
    assert Client(HTTP_HOST="pas-autorise.test").get("/").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/portail/arts-rue/",
        "/portail/arts-rue/carte/",
        "/portail/arts-rue/agenda/",
        "/portail/arts-rue/ressources/",
    ],
)
def test_portal_lists_take_a_bounded_number_of_queries(path: str, django_assert_max_num_queries: Any) -> None:
    """Forty members, events or resources: the same handful of queries as four."""
    network, members = network_with_members(40)
    for member in members:
        EventOrganiserFactory.create(structure=member)
    make_portal(slug="arts-rue", network=network, excluded=members[:2], highlighted=members[2:4])
    with django_assert_max_num_queries(14):
        assert Client().get(path, {"taille": "50"}).status_code == 200


@pytest.mark.parametrize("kind", ["csv", "geojson"])
def test_portal_exports_take_a_bounded_number_of_queries(
    kind: str, django_assert_max_num_queries: Any
) -> None:
    """Forty members exported: the same handful of queries as four, the whole stream read."""
    network, members = network_with_members(40)
    make_portal(slug="arts-rue", network=network, excluded=members[:2])
    with django_assert_max_num_queries(10):
        response = Client().get(f"/portail/arts-rue/export/{kind}/")
        assert len(_body(response)) > 0
