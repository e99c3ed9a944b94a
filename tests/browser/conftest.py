"""Browser harness: Debian's Chromium driven by Playwright against pytest-django's live server."""

import io
import os
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Route, sync_playwright

from tests.browser.axe import check_accessibility

# Playwright's sync API keeps an asyncio loop in the test thread, so Django would take every ORM call
# made there (factories, assertions on the database) for async code and refuse it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in containers, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No update checks, telemetry or sync: the browser talks to the live server and nothing else.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as a browser test."""
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch headless Chromium once per session, each launch with a fresh temporary profile."""
    if not CHROMIUM.exists():
        # A failure, never a skip: without Chromium the browser tests would silently not run.
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests() -> list[str]:
    """Collect the URLs of requests the page tried to send off this machine."""
    return []


@pytest.fixture
def page(browser: Browser, outside_requests: list[str]) -> Iterator[Page]:
    """Open a page in a new French-speaking context that can only reach this machine."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", service_workers="block")
    context.set_default_timeout(10_000)
    errors: list[str] = []
    refused: list[str] = []

    def local_only(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside_requests.append(request.url)
            route.abort("blockedbyclient")

    context.route("**/*", local_only)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    # What the Content-Security-Policy refused: an inline script or style the policy forbids.
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    # Assets are served locally (never from a CDN) and scripts must not throw.
    if outside_requests:
        pytest.fail("the page requested outside resources:\n" + "\n".join(outside_requests))
    if errors:
        pytest.fail("uncaught JavaScript errors:\n" + "\n".join(errors))
    if refused:
        pytest.fail("the Content-Security-Policy refused:\n" + "\n".join(refused))


@pytest.fixture
def axe_check(page: Page) -> Callable[..., list[dict[str, Any]]]:
    """Return a function auditing a page (by default the `page` fixture) with axe-core."""

    def check(target: Page | None = None, options: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return check_accessibility(target or page, options)

    return check


@pytest.fixture
def reference_data() -> None:
    """Load the reference structures, and first the disciplines a previous transactional test flushed."""
    from django.apps import apps  # noqa: PLC0415 (the app registry, not a model)
    from django.core.management import call_command  # noqa: PLC0415

    from maillage.structures.models import Discipline  # noqa: PLC0415

    if not Discipline.objects.exists():
        import_module("maillage.structures.migrations.0002_disciplines").load(apps, None)
    call_command("load_reference_data", stdout=io.StringIO())
