"""The observatory's indicator of open schemes reaching a territory, by need, with its methodology."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from maillage.observatory.features import FEATURE_INDICATORS
from maillage.territories.models import Territory
from tests.schemes.factories import make_scheme

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_open_schemes_reaching_a_territory_are_counted_by_need() -> None:
    make_scheme(geo_codes=["PAYS-99100"], needs=["emploi", "formation"])
    make_scheme(geo_codes=["COM-42218"], needs=["emploi"])
    make_scheme(geo_codes=["DEP-69"], needs=["emploi"])
    make_scheme(geo_codes=["DEP-42"], needs=["emploi"], closes_at=timezone.now() - datetime.timedelta(days=1))

    values = FEATURE_INDICATORS["open_schemes_by_need"].compute(Territory.objects.get(pk="DEP-42"))

    by_key = {key: value for key, _, value in values}
    assert by_key[""] == 2
    assert by_key["emploi"] == 2
    assert by_key["formation"] == 1
    assert by_key["locaux"] == 0


def test_the_methodology_page_defines_it(client: Client) -> None:
    html = client.get("/observatoire/methodologie/").content.decode()

    assert "Dispositifs ouverts par besoin" in html
