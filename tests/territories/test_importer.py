"""The referential importer: what it loads, idempotence, dry runs, atomicity and new millésimes."""

import dataclasses

import pytest
from django.db import IntegrityError

from maillage.territories.enums import Level
from maillage.territories.models import CommuneCode, ReferentialRelease, Territory, TerritoryCommune
from maillage.territories.readers import CommuneRow
from maillage.territories.resolver import resolve_commune
from tests.referential import import_division, real_division, slice_division

pytestmark = pytest.mark.django_db


def test_import_loads_every_level_with_its_parents() -> None:
    division = slice_division(real_division(), ("42",))

    summary = import_division(division)

    assert summary.levels[Level.COMMUNE].created == len(division.communes)
    assert Territory.objects.filter(level=Level.COMMUNE).count() == len(division.communes)
    saint_etienne = Territory.objects.get(id="COM-42218")
    assert saint_etienne.name == "Saint-Étienne"
    assert saint_etienne.departement_id == "DEP-42"
    assert saint_etienne.region_id == "REG-84"
    assert saint_etienne.epci_id == "EPCI-244200770"
    assert saint_etienne.latitude == pytest.approx(45.44, abs=0.05)
    assert saint_etienne.longitude == pytest.approx(4.39, abs=0.05)
    expected = next(c.population for c in division.communes if c.code == "42218")
    assert saint_etienne.population == expected
    assert Territory.objects.get(id="EPCI-244200770").epci_type == "METRO"
    assert Territory.objects.get(id="PAYS-99100").population == sum(
        c.population or 0 for c in division.communes
    )


def test_closure_lets_any_level_list_its_communes() -> None:
    import_division(slice_division(real_division(), ("42",)))

    for container in ["COM-42218", "EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"]:
        assert Territory.objects.held_by(container).filter(id="COM-42218").exists(), container
    containing = set(Territory.objects.containing("COM-42218").values_list("id", flat=True))
    assert containing == {"COM-42218", "EPCI-244200770", "DEP-42", "REG-84", "PAYS-99100"}
    epci_members = {m for e in real_division().epcis if e.code == "244200770" for m in e.members}
    assert set(Territory.objects.held_by("EPCI-244200770").values_list("code", flat=True)) == epci_members


def test_second_run_is_skipped_and_forced_run_changes_nothing() -> None:
    division = slice_division(real_division(), ("42",))
    import_division(division)
    links = TerritoryCommune.objects.count()

    again = import_division(division)
    forced = import_division(division, force=True)

    assert again.skipped
    assert not forced.skipped
    assert forced.levels[Level.COMMUNE].created == 0
    assert forced.levels[Level.COMMUNE].updated == 0
    assert forced.levels[Level.COMMUNE].unchanged == len(division.communes)
    assert TerritoryCommune.objects.count() == links
    assert ReferentialRelease.objects.count() == 2


def test_dry_run_writes_nothing() -> None:
    summary = import_division(slice_division(real_division(), ("42",)), dry_run=True)

    assert summary.dry_run
    assert summary.levels[Level.COMMUNE].created > 300
    assert not Territory.objects.exists()
    assert not ReferentialRelease.objects.exists()


def test_old_codes_resolve_to_the_current_commune() -> None:
    import_division(slice_division(real_division(), ("42", "69")))

    assert CommuneCode.objects.filter(code="42190", commune_id="COM-42218").exists()
    resolved = resolve_commune("42190")
    assert resolved is not None
    assert resolved.commune.id == "COM-42218"
    assert "ancien code" in resolved.fix
    arrondissement = resolve_commune("69381")
    assert arrondissement is not None
    assert arrondissement.commune.id == "COM-69123"
    assert resolve_commune("99999") is None


def test_a_new_millesime_retires_merged_communes_and_keeps_their_codes_resolving() -> None:
    """Simulate a merger: Saint-Chamond (42207) absorbed by Saint-Étienne in a later millésime."""
    before = slice_division(real_division(), ("42",))
    import_division(before)
    saint_etienne = next(c for c in before.communes if c.code == "42218")
    merged = dataclasses.replace(
        before,
        communes=[
            dataclasses.replace(c, former_codes=(*c.former_codes, "42207")) if c is saint_etienne else c
            for c in before.communes
            if c.code != "42207"
        ],
        epcis=[
            dataclasses.replace(e, members=tuple(m for m in e.members if m != "42207")) for e in before.epcis
        ],
        fingerprint="simulated-next-millesime",
    )

    summary = import_division(merged)

    assert summary.levels[Level.COMMUNE].retired == 1
    old = Territory.objects.get(id="COM-42207")
    assert not old.is_current
    resolved = resolve_commune("42207")
    assert resolved is not None
    assert resolved.commune.id == "COM-42218"
    assert not Territory.objects.held_by("DEP-42").filter(id="COM-42207").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failing_import_leaves_the_previous_referential_intact() -> None:
    division = slice_division(real_division(), ("42",))
    import_division(division)
    orphan = CommuneRow(code="42999", name="Commune orpheline", departement="00", region="00", population=1)
    renamed = [
        dataclasses.replace(c, name="Nom écrasé") if c.code == "42218" else c for c in division.communes
    ]
    broken = dataclasses.replace(division, communes=[*renamed, orphan], fingerprint="broken")

    with pytest.raises(IntegrityError):
        import_division(broken)

    assert Territory.objects.get(id="COM-42218").name == "Saint-Étienne"
    assert not Territory.objects.filter(id="COM-42999").exists()
    assert ReferentialRelease.objects.count() == 1
