"""The link checker against real HTTP servers on loopback: backoff, flag and unflag, one request a second."""

import datetime
import itertools
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone

from maillage.links.models import CheckedLink, LinkStatus
from maillage.links.probe import HostPacer
from maillage.links.registry import register_link_source, unregister_link_source
from maillage.links.selectors import link_status
from maillage.links.services import BACKOFF_MAX, backoff, check_links
from maillage.links.tasks import check_links_task
from maillage.operations.jobs import job_by_name
from tests.links.servers import Behaviour, http_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> Iterator[list[tuple[str, str]]]:
    """Callbacks' calls, in order; the test's sources are removed afterwards."""
    calls: list[tuple[str, str]] = []
    yield calls
    for key in ("test-source", "other-source"):
        unregister_link_source(key)


def watch(urls: list[str], calls: list[tuple[str, str]], key: str = "test-source") -> None:
    register_link_source(
        key,
        urls=lambda: urls,
        on_broken=lambda url: calls.append(("broken", url)),
        on_recovered=lambda url: calls.append(("recovered", url)),
    )


def test_a_link_that_fails_is_flagged_then_unflagged_when_it_recovers(events: list[tuple[str, str]]) -> None:
    behaviour = Behaviour(statuses={"/fiche": 503})
    with http_server(behaviour) as port:
        url = f"http://127.0.0.1:{port}/fiche"
        watch([url], events)
        start = timezone.now()

        first = check_links(now=start)
        link = CheckedLink.objects.get(url=url)
        # One failure may be a restart: not yet broken, checked again after a first wait.
        assert (first.checked, first.failed, link.status, link.failures) == (1, 1, LinkStatus.UNKNOWN, 1)
        assert events == []
        assert check_links(now=start + datetime.timedelta(minutes=30)).checked == 0

        second = check_links(now=start + datetime.timedelta(hours=2))
        link.refresh_from_db()
        assert second.newly_broken == [url]
        assert (link.status, link.failures, link.broken_since is not None) == (LinkStatus.BROKEN, 2, True)
        assert "503" in link.last_error
        assert events == [("broken", url)]

        behaviour.statuses.clear()
        third = check_links(now=start + datetime.timedelta(hours=5))
        link.refresh_from_db()
        assert third.recovered == [url]
        assert (link.status, link.failures, link.broken_since) == (LinkStatus.OK, 0, None)
        assert events == [("broken", url), ("recovered", url)]
        # HEAD refused with 503, so GET asked too, each time it failed.
        assert [m for m, _p, _t in behaviour.requests] == ["HEAD", "GET", "HEAD", "GET", "HEAD"]


def test_the_page_says_when_the_link_was_checked(events: list[tuple[str, str]]) -> None:
    with http_server(Behaviour()) as port:
        url = f"http://127.0.0.1:{port}/"
        watch([url], events)
        check_links()

    rendered = Template("{% load links %}{% link_checked url %}").render(Context({"url": url}))

    assert "lien vérifié le" in rendered
    assert link_status(url) is not None
    assert link_status("https://jamais-vu.example/") is None


def test_never_more_than_one_request_per_second_to_one_host(events: list[tuple[str, str]]) -> None:
    """Three links, a redirection and a HEAD refused on one server, another server asked in between."""
    first, second = Behaviour(statuses={"/absente": 404}, redirects={"/ancienne": "/b"}), Behaviour()
    with http_server(first) as port_a, http_server(second) as port_b:
        on_a = [f"http://127.0.0.1:{port_a}/{path}" for path in ("a", "ancienne", "absente")]
        # "localhost" is another host name for the checker: its requests need not wait for 127.0.0.1's.
        on_b = [f"http://localhost:{port_b}/{path}" for path in ("c", "d")]
        watch(on_a + on_b, events)

        summary = check_links(pacer=HostPacer(1.0))

    assert summary.checked == 5
    # a, ancienne → b (2 requests), absente (HEAD then GET): five requests, spaced by the server's clock.
    times = first.times()
    assert len(times) == 5
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times))
    assert len(second.times()) == 2
    # The other host was not held back behind the first one's pace.
    assert second.times()[0] - times[0] < 0.9
    assert CheckedLink.objects.get(url=on_a[2]).failures == 1


def test_waits_grow_with_failures_up_to_a_week() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [datetime.timedelta(hours=h) for h in (1, 2, 4)]
    assert backoff(30) == BACKOFF_MAX


def test_an_address_that_is_not_web_is_recorded_as_failing_without_any_request(
    events: list[tuple[str, str]],
) -> None:
    watch(["ftp://127.0.0.1/fichier"], events)

    summary = check_links()

    assert summary.failed == 1
    assert "http" in CheckedLink.objects.get().last_error


def test_a_failing_source_does_not_stop_the_others(events: list[tuple[str, str]]) -> None:
    def broken_source() -> list[str]:
        raise RuntimeError("la base des dispositifs est indisponible")

    register_link_source("other-source", urls=broken_source)
    with http_server(Behaviour()) as port:
        watch([f"http://127.0.0.1:{port}/"], events)
        assert check_links().ok == 1


def test_the_command_runs_and_is_scheduled(
    events: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("check_links")

    assert "0 lien(s) vérifié(s)" in capsys.readouterr().out
    assert job_by_name("check-links").command == "check_links"


def test_the_hourly_job_checks_a_bounded_number_of_links(
    events: list[tuple[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory of many web sites is checked a slice an hour, the rest at the next runs."""
    watch([f"ftp://127.0.0.1/fichier-{n}" for n in range(3)], events)
    job = job_by_name("check-links")
    assert job.args[0] == "--limit"
    assert int(job.args[1]) >= 1

    call_command("check_links", "--limit", "2")
    call_command("check_links", "--limit", "2")

    out = capsys.readouterr().out
    assert "2 lien(s) vérifié(s)" in out
    assert "1 lien(s) vérifié(s)" in out


def test_the_background_task_checks_the_links(events: list[tuple[str, str]]) -> None:
    with http_server(Behaviour()) as port:
        watch([f"http://127.0.0.1:{port}/"], events)
        result = check_links_task.enqueue()

    assert result.return_value.startswith("1 lien(s) vérifié(s) : 1 accessible(s)")


def test_a_broken_link_says_since_when() -> None:
    link = CheckedLink.objects.create(
        url="https://exemple.test/dispositif",
        host="exemple.test",
        status=LinkStatus.BROKEN,
        broken_since=datetime.datetime(2026, 11, 3, 8, tzinfo=datetime.UTC),
    )

    rendered = Template("{% load links %}{% link_checked url link %}").render(
        Context({"url": link.url, "link": link})
    )

    assert "lien inaccessible depuis le" in rendered
    assert "3 novembre 2026" in rendered
