"""A partner's page on another origin frames the directory widget: it renders, passes axe, counts a click."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.portals.models import WidgetVisit
from tests.browser.test_event_journey import AxeCheck
from tests.portals.factories import make_portal, network_with_members

pytestmark = pytest.mark.usefixtures("transactional_db")


class PartnerPage(BaseHTTPRequestHandler):
    """A partner's web page: its own text, and the widget in an iframe copied from the snippet page."""

    def __init__(self, widget_url: str, *args: Any, **kwargs: Any) -> None:
        self.widget_url = widget_url
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        body = (
            '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fédération partenaire</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>'
            "<h1>Nos membres</h1>"
            f'<iframe src="{self.widget_url}" title="Membres du réseau — maillage" width="100%" height="600">'
            "</iframe></main></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def partner_site(live_server: LiveServer) -> Iterator[tuple[ThreadingHTTPServer, list[str]]]:
    """Serve the partner's page from 127.0.0.1 on a port of its own: another origin than the live server."""
    target: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: PartnerPage(target[0], *a))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, target
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_partner_page_on_another_origin_embeds_the_network_widget(
    live_server: LiveServer,
    page: Page,
    axe_check: AxeCheck,
    partner_site: tuple[ThreadingHTTPServer, list[str]],
) -> None:
    server, target = partner_site
    network, members = network_with_members(3, name="Fédération des Lieux")
    portal = make_portal(network=network, excluded=[members[0]], colour="vert")
    site = live_server.url.replace("127.0.0.1", "localhost")
    widget = f"{site}/embed/reseau/{network.slug}/?preset={portal.embed_token}"
    target.append(widget)
    partner = f"http://127.0.0.1:{server.server_address[1]}/"

    page.goto(partner)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nos membres")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Membres de la Fédération des Lieux")
    expect(frame.get_by_role("link", name=members[1].name, exact=True)).to_be_visible()
    expect(frame.get_by_role("link", name=members[0].name, exact=True)).to_have_count(0)
    axe_check()
    inner = next(f for f in page.frames if "/embed/" in f.url)
    axe_check(cast(Page, inner))
    # On a phone, the widget fits its frame without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    assert int(inner.evaluate("document.documentElement.scrollWidth")) <= int(
        inner.evaluate("document.documentElement.clientWidth")
    )
    page.set_viewport_size({"width": 1280, "height": 800})

    assert not WidgetVisit.objects.exists()
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name=members[1].name, exact=True).click()
    new_tab = opened.value
    new_tab.wait_for_load_state()
    assert new_tab.url.endswith(f"/structures/{members[1].slug}/")
    assert WidgetVisit.objects.get().count == 1
    new_tab.close()
