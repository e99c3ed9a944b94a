"""What the widgets show, how they are configured, and the one thing they count: clicks out, per day."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from maillage.portals.enums import Widget
from maillage.portals.models import WidgetVisit
from maillage.portals.services import widget_visit_record
from tests.events.factories import EventFactory, EventOrganiserFactory
from tests.portals.factories import make_portal, network_with_members
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_list_widget_filters_as_the_directory_does(loire_rhone: None) -> None:
    """`q` and `territoire` are the directory's parameters, with its meaning."""
    StructureFactory.create(name="Théâtre du Parvis", commune_id="COM-42218")
    StructureFactory.create(name="Théâtre de Lyon", commune_id="COM-69123")
    page = Client().get("/embed/structures/", {"q": "théâtre", "territoire": "DEP-42"}).content.decode()
    assert "Théâtre du Parvis" in page
    assert "Théâtre de Lyon" not in page
    assert "1\xa0structure" in page


def test_colours_are_chosen_from_the_palette_and_a_bad_one_is_refused_in_french() -> None:
    """A named colour becomes a class; a free value is a 400 that names the parameter and the choices."""
    assert (
        'class="embed embed-colour-vert embed-compact"'
        in Client().get("/embed/structures/", {"couleur": "vert", "compact": "oui"}).content.decode()
    )
    response = Client().get("/embed/structures/", {"couleur": "#ff00ff"})
    assert response.status_code == 400
    assert "Couleur inconnue" in response.content.decode()
    assert "bleu, vert" in response.content.decode()


def test_compact_mode_drops_the_search_form_and_shortens_the_list() -> None:
    """Five lines and no form in compact mode; ten lines and a search form otherwise."""
    StructureFactory.create_batch(12)
    full = Client().get("/embed/structures/").content.decode()
    compact = Client().get("/embed/structures/", {"compact": "oui"}).content.decode()
    assert full.count('<li><a href="/embed/ouvrir/structures/') == 10
    assert compact.count('<li><a href="/embed/ouvrir/structures/') == 5
    assert 'role="search"' in full
    assert 'role="search"' not in compact


def test_the_network_widget_shows_its_members_only() -> None:
    """Members listed, outsiders not; an unknown network is a 404 inside the frame."""
    network, members = network_with_members(3, name="Réseau des Musiques")
    outsider = StructureFactory.create(name="Hors Réseau")
    page = Client().get(f"/embed/reseau/{network.slug}/").content.decode()
    assert all(m.name in page for m in members)
    assert outsider.name not in page
    assert "Membres du Réseau des Musiques" in page
    assert Client().get("/embed/reseau/inconnu/").status_code == 404


def test_the_map_widget_draws_its_results_and_lists_them(loire_rhone: None) -> None:
    """An SVG picture, no script, and the same structures as text under it."""
    StructureFactory.create(name="Compagnie Alpha", commune_id="COM-42218")
    page = Client().get("/embed/carte/", {"territoire": "DEP-42"}).content.decode()
    assert "<svg" in page
    assert "<circle" in page
    assert "Compagnie Alpha" in page
    assert "<script" not in page


def test_the_territory_widget_says_when_no_figures_are_computed(loire_rhone: None) -> None:
    """Before the observatory's first computation the widget says so, rather than showing zeros."""
    response = Client().get("/embed/territoire/DEP-42/")
    assert response.status_code == 200
    assert "Chiffres clés de la Loire" in response.content.decode()
    assert "pas encore calculé" in response.content.decode()


def test_the_agenda_widget_lists_coming_events_of_a_presets_network() -> None:
    """With a portal's preset, only events its network's members organise; past ones never."""
    network, members = network_with_members(2)
    ours = EventOrganiserFactory.create(
        structure=members[0], event=EventFactory.create(title="Rencontre des lieux")
    ).event
    EventOrganiserFactory.create(event=EventFactory.create(title="Festival d'ailleurs"))
    past = EventFactory.create(title="Réunion passée", start_date=timezone.localdate().replace(year=2020))
    EventOrganiserFactory.create(structure=members[1], event=past)
    portal = make_portal(network=network)
    page = Client().get("/embed/agenda/", {"preset": portal.embed_token}).content.decode()
    assert ours.title in page
    assert "Festival d'ailleurs" not in page
    assert "Réunion passée" not in page


def test_an_unknown_preset_is_refused_in_french() -> None:
    response = Client().get("/embed/structures/", {"preset": "inconnu"})
    assert response.status_code == 400
    assert "Préréglage inconnu" in response.content.decode()


def test_a_visit_counts_only_when_someone_follows_a_link() -> None:
    """Showing a widget counts nothing; each click out adds one to the widget's counter of the day."""
    StructureFactory.create()
    Client().get("/embed/structures/")
    assert not WidgetVisit.objects.exists()
    for _ in range(3):
        response = Client().get("/embed/ouvrir/structures/", {"vers": "/structures/"})
        assert response.status_code == 302
        assert response["Location"] == "/structures/"
    visit = WidgetVisit.objects.get()
    assert (visit.widget, visit.day, visit.count, visit.portal) == (
        "structures",
        timezone.localdate(),
        3,
        None,
    )


def test_the_counter_of_a_preset_is_kept_apart() -> None:
    portal = make_portal()
    Client().get("/embed/ouvrir/carte/", {"vers": "/structures/", "preset": portal.embed_token})
    assert WidgetVisit.objects.get().portal == portal


@pytest.mark.parametrize(
    "target", ["https://ailleurs.example/", "//ailleurs.example/", "/embed/structures/", ""]
)
def test_links_out_of_a_widget_lead_only_to_the_site(target: str) -> None:
    """No open redirect: anything but a path of the site (widgets aside) is refused and not counted."""
    response = Client().get("/embed/ouvrir/structures/", {"vers": target})
    assert response.status_code == 400
    assert not WidgetVisit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_clicks_count_ten() -> None:
    """The day's first clicks race to create the counter: the database keeps one row, and every click."""
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def click() -> None:
        try:
            barrier.wait()
            widget_visit_record(widget=Widget.AGENDA)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert WidgetVisit.objects.get(widget="agenda").count == 10


def test_the_snippet_page_links_every_widget_and_gives_its_iframe(loire_rhone: None) -> None:
    network, _ = network_with_members(1)
    page = (
        Client()
        .get("/embed/", {"territoire": "DEP-42", "reseau": network.slug, "couleur": "rouge"})
        .content.decode()
    )
    for path in (
        "/embed/structures/",
        "/embed/carte/",
        "/embed/territoire/DEP-42/",
        f"/embed/reseau/{network.slug}/",
        "/embed/agenda/",
    ):
        assert f'href="{path}' in page, path
    assert (
        "&lt;iframe src=&quot;http://testserver/embed/structures/?territoire=DEP-42&amp;couleur=rouge" in page
    )


def test_the_snippet_page_explains_a_bad_choice() -> None:
    response = Client().get("/embed/", {"territoire": "nulle-part"})
    assert response.status_code == 400
    assert "Territoire inconnu" in response.content.decode()


@pytest.mark.parametrize("path", ["/embed/structures/", "/embed/carte/", "/embed/agenda/", "NETWORK"])
def test_widget_lists_take_a_bounded_number_of_queries(path: str, django_assert_max_num_queries: Any) -> None:
    """Forty members or forty events: the same handful of queries as four."""
    network, members = network_with_members(40)
    for member in members:
        EventOrganiserFactory.create(structure=member)
    portal = make_portal(network=network, excluded=members[:2], highlighted=members[2:4])
    url = f"/embed/reseau/{network.slug}/" if path == "NETWORK" else path
    with django_assert_max_num_queries(12):
        assert Client().get(url, {"preset": portal.embed_token, "taille": "50"}).status_code == 200
