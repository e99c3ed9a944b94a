"""The whole 2026 referential, loaded once from the installed packages, as `make run` loads it."""

import json
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from maillage.territories.enums import Level
from maillage.territories.models import ReferentialRelease, Territory, TerritoryCommune

pytestmark = [pytest.mark.referential, pytest.mark.django_db]


def package_communes() -> list[dict[str, object]]:
    path = settings.DECOUPAGE_ADMINISTRATIF_DIR / "data" / "communes.json"
    return [c for c in json.loads(path.read_text(encoding="utf-8")) if c["type"] == "commune-actuelle"]


@pytest.fixture(scope="module", autouse=True)
def whole_referential(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Import everything once for this module, then remove it so other modules start empty."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("import_territoires", verbosity=0)
        yield
        TerritoryCommune.objects.all().delete()
        Territory.objects.update(region=None, departement=None, epci=None, commune=None)
        Territory.objects.all().delete()
        ReferentialRelease.objects.all().delete()


def test_all_current_communes_of_the_2026_millesime_are_loaded_with_their_epci() -> None:
    expected = package_communes()
    communes = Territory.objects.filter(level=Level.COMMUNE, is_current=True)

    assert len(expected) == 34_969
    assert communes.count() == 34_969
    epci_path = settings.DECOUPAGE_ADMINISTRATIF_DIR / "data" / "epci.json"
    members = {m["code"] for e in json.loads(epci_path.read_text(encoding="utf-8")) for m in e["membres"]}
    assert communes.filter(epci__isnull=False).count() == len(members)
    assert communes.filter(code__in=members, epci__isnull=True).count() == 0


def test_saint_etienne_has_the_referential_population_and_its_parents() -> None:
    population = next(c["population"] for c in package_communes() if c["code"] == "42218")

    body = Client().get("/api/v1/territoires/COM-42218").json()

    assert body["nom"] == "Saint-Étienne"
    assert body["population"] == population
    assert [p["id"] for p in body["parents"]] == ["EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"]


def test_search_on_the_whole_country() -> None:
    client = Client()

    assert client.get("/api/v1/territoires", {"q": "saint etienne"}).json()["items"][0]["id"] == "COM-42218"
    assert "COM-42218" in [i["id"] for i in client.get("/api/v1/territoires", {"q": "42000"}).json()["items"]]


def test_rerunning_the_import_is_a_no_op(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_territoires")

    assert "déjà à jour" in capsys.readouterr().out
