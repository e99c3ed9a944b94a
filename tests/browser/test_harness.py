"""Self-tests of the browser harness: it drives Chromium, reaches the live server and can fail."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.html import format_html_join
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from maillage.accounts.models import User
from tests.browser.axe import AccessibilityViolationError

AxeCheck = Callable[..., list[dict[str, Any]]]

ACCESSIBLE_PAGE = """<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Page accessible</title></head>
<body>
<main>
<h1>Acteurs culturels</h1>
<p>Une page sans défaut d'accessibilité.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="Logo de la coopérative">
</main>
</body>
</html>"""

IMAGE_WITHOUT_ALT = ACCESSIBLE_PAGE.replace(' alt="Logo de la coopérative"', "")


def user_list(request: HttpRequest) -> HttpResponse:
    """Render the e-mail addresses, so that a test sees rows it created itself."""
    items = format_html_join("", "<li>{}</li>", ((user.email,) for user in User.objects.order_by("pk")))
    return HttpResponse(ACCESSIBLE_PAGE.replace("</main>", f'<ul id="users">{items}</ul></main>'))


# The project's URLs are not needed: these tests route the live server to this module.
urlpatterns = [path("users/", user_list)]


@pytest.mark.urls(__name__)
def test_live_server_serves_rows_created_by_the_test(
    transactional_db: None, live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    User.objects.create_user(email="camille@example.org")

    page.goto(f"{live_server.url}/users/")

    assert page.locator("#users li").all_inner_texts() == ["camille@example.org"]
    axe_check()


def test_accessible_page_passes(page: Page, axe_check: AxeCheck) -> None:
    page.set_content(ACCESSIBLE_PAGE)

    axe_check()


def test_image_without_alternative_fails(page: Page, axe_check: AxeCheck) -> None:
    page.set_content(IMAGE_WITHOUT_ALT)

    with pytest.raises(AccessibilityViolationError, match=r"image-alt \[critical\]"):
        axe_check()


def test_outside_requests_are_blocked(page: Page, outside_requests: list[str]) -> None:
    page.set_content(
        ACCESSIBLE_PAGE.replace("data:image/gif;base64,R0lGODlhAQABAAAAACw=", "https://example.org/logo.gif")
    )

    assert outside_requests == ["https://example.org/logo.gif"]
    outside_requests.clear()  # the block was the point: let the page fixture tear down cleanly
