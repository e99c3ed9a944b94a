"""The sector's figures under statistical secrecy, their CSV, the yearly report as HTML and PDF."""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from maillage.accompaniment.figures import Figures, figures, scope_cases, yearly
from maillage.accompaniment.models import Case
from maillage.accompaniment.warm import cached_figures
from maillage.observatory.features import FEATURE_INDICATORS
from tests.accompaniment.factories import BodyFactory, cases_in, region_with_commune, staff

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _costs(cases: list[Case], cost: str) -> None:
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(days_total=Decimal(2), cost_total=Decimal(cost))


@pytest.mark.parametrize(("count", "shown"), [(4, False), (5, True)])
def test_four_cases_show_nothing_and_five_show_figures(count: int, shown: bool) -> None:
    """Under 5 cases the page and the CSV publish no figure at all; from 5 on they do."""
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    _costs(cases_in(body, officer, commune, count), "1000")
    client = _client(officer)
    page = client.get(reverse("accompaniment:figures") + f"?structure={body.pk}").content.decode()
    assert ("Chiffres non publiés" in page) != shown
    assert (f'figures-total">{count} accompagnements' in page) == shown
    rows = list(csv.reader(io.StringIO(client.get(reverse("accompaniment:figures_csv")).content.decode())))
    total = rows[1]
    assert total[4:] == (
        [str(count), str(count), "10.0" if count == 5 else "", "5000.00"] if shown else ["secret"] * 4
    )


def test_a_small_category_is_masked_with_its_complement() -> None:
    """Five associations and one SCOP: the SCOP's cell, and the association's that would give it away."""
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    cases_in(body, officer, commune, 5)
    cases_in(body, officer, commune, 1, scop=True)
    found = figures()
    assert found.total.cases == 6
    families = next(b for b in found.breakdowns if b.dimension == "ess_family")
    assert {cell.key: cell.cases for cell in families.cells} == {
        "association": None,
        "cooperative_scop": None,
    }


def test_a_differencing_attack_between_two_overlapping_groups_finds_nothing() -> None:
    """Body A has 5 cases of the région's 6, body B the sixth: A's figures minus France's would give B's
    case away, so the smaller group is withheld; every pair of published groups differs by 0 or ≥ 5."""
    body_a, body_b = BodyFactory.create(), BodyFactory.create()
    officer_a, officer_b = staff(body_a), staff(body_b)
    region, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    _costs(cases_in(body_a, officer_a, commune, 5), "1000")
    _costs(cases_in(body_b, officer_b, commune, 1), "7777")
    scopes: dict[str, tuple[dict[str, Any], Figures]] = {
        "France": ({}, figures()),
        "région": ({"region": region}, figures(region=region)),
        "A": ({"body": body_a}, figures(body=body_a)),
        "B": ({"body": body_b}, figures(body=body_b)),
    }
    assert scopes["France"][1].total.cost == Decimal(12777)
    assert scopes["A"][1].withheld  # else 12777 - 5000 = 7777, body B's one case
    assert scopes["B"][1].withheld
    published = {name: (kwargs, f) for name, (kwargs, f) in scopes.items() if not f.withheld}
    for (_, (wide, f_wide)), (_, (narrow, f_narrow)) in itertools.permutations(published.items(), 2):
        wide_ids = set(scope_cases(**wide).values_list("pk", flat=True))
        narrow_ids = set(scope_cases(**narrow).values_list("pk", flat=True))
        if narrow_ids <= wide_ids:
            assert (f_wide.total.cases or 0) - (f_narrow.total.cases or 0) not in range(1, 5)


def test_the_yearly_report_html_and_pdf_show_the_aggregates() -> None:
    """The activity report of a year, as HTML and as PDF (printed by a task), has the aggregates' figures."""
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    _costs(cases_in(body, officer, commune, 6), "1250")
    year = datetime.date.today().year  # noqa: DTZ011 (the cases open today)
    expected = yearly(body=body, year=year).total
    assert (expected.cases, expected.cost) == (6, Decimal(7500))
    line = (
        f"Total : {expected.cases} accompagnements, {expected.structures} structures, {expected.days} jours, "
        f"{expected.cost} €."
    )
    client = _client(officer)
    html = client.get(reverse("accompaniment:report", args=[body.pk, year])).content.decode()
    assert line in html
    response = client.get(reverse("accompaniment:report_pdf", args=[body.pk, year]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(response.content)).pages)
    assert " ".join(line.split()) in " ".join(text.split())
    assert (
        _client(staff(BodyFactory.create()))
        .get(reverse("accompaniment:report", args=[body.pk, year]))
        .status_code
        == 403
    )


def test_the_figures_queries_stay_bounded(django_assert_max_num_queries: Any) -> None:
    """The France figures take the same queries for 6 cases as for 60."""
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    cases_in(body, officer, commune, 12)
    with django_assert_max_num_queries(30):
        assert _client(officer).get(reverse("accompaniment:figures")).status_code == 200


def test_the_indicators_are_offered_to_the_observatory_under_secrecy() -> None:
    """The cases by year of a région: 4 cases masked, the indicator registered with its methodology."""
    body = BodyFactory.create()
    officer = staff(body)
    region, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    cases_in(body, officer, commune, 4)
    indicator = FEATURE_INDICATORS["accompaniment_cases_by_year"]
    assert "Secret statistique" in indicator.definition
    assert indicator.compute(region)[0] == ("", "Toutes années", None)
    cases_in(body, officer, commune, 1)
    assert indicator.compute(region)[0] == ("", "Toutes années", 5)


def test_cached_figures_follow_every_write_of_a_case(django_capture_on_commit_callbacks: Any) -> None:
    """The page's figures come from the cache until a case changes, then are computed again."""
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    with django_capture_on_commit_callbacks(execute=True):
        cases_in(body, officer, commune, 5)
    assert cached_figures().total.cases == 5
    with django_capture_on_commit_callbacks(execute=True):
        cases_in(body, officer, commune, 1)
    assert cached_figures().total.cases == 6


def test_the_scope_offers_the_bodies_by_name_whatever_their_case() -> None:
    """The body list reads alphabetically, lower case and accents included, as an officer looks for one."""
    names = ["Zèbre DLA", "abeille CRESS", "Mésange réseau"]
    bodies = [BodyFactory.create(structure__name=name) for name in names]
    page = _client(staff(bodies[0])).get(reverse("accompaniment:figures")).content.decode()
    positions = [page.index(f">{name}</option>") for name in names]
    assert positions[1] < positions[2] < positions[0]
