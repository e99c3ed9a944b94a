"""The plan proposes the schemes the matching finds for the beneficiaries, and only those."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accompaniment.phases import case_advance, case_diagnose
from maillage.structures.enums import HeadcountBand
from maillage.territories.models import Territory
from tests.accompaniment.factories import NEEDS, BodyFactory, consented, open_case, staff
from tests.schemes.factories import make_scheme

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_a_matching_scheme_is_proposed_and_a_non_matching_one_is_not() -> None:
    body = BodyFactory.create()
    officer = staff(body)
    ((structure, _),) = consented(
        body,
        commune=Territory.objects.get(pk="COM-42218"),
        founded_on=timezone.localdate() - datetime.timedelta(days=3 * 365),
        headcount_band=HeadcountBand.B3_5,
    )
    matching = make_scheme(title="Fonds d'appui aux associations culturelles")
    # Two criteria short (ten employees, five years): the matching leaves it out, near misses included.
    too_far = make_scheme(title="Consolidation des grandes structures", headcount_min=10, min_years=5)
    elsewhere = make_scheme(title="Aide réservée à la Bretagne", geo_codes=["REG-53"])
    case = open_case(body, officer, [structure])
    case = case_advance(case=case, actor=officer, expected_version=case.version)
    case = case_diagnose(case=case, actor=officer, expected_version=case.version, needs=NEEDS, summary="")
    case = case_advance(case=case, actor=officer, expected_version=case.version)
    client = Client()
    client.force_login(officer)

    page = client.get(reverse("accompaniment:case", args=[case.pk])).content.decode()

    assert f'value="{matching.pk}"' in page
    assert "Fonds d&#x27;appui aux associations culturelles" in page
    assert too_far.title not in page
    assert elsewhere.title not in page
    url = reverse("accompaniment:step", args=[case.pk, "plan"])
    plan = {"plan-version": case.version, "plan-objectives": "Consolider", "plan-schemes": [str(too_far.pk)]}
    assert client.post(url, plan).status_code == 400
    plan["plan-schemes"] = [str(matching.pk)]
    assert client.post(url, plan).status_code == 302
    case.refresh_from_db()
    assert list(case.proposed_schemes.values_list("pk", flat=True)) == [matching.pk]
