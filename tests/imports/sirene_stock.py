"""Helpers of the SIRENE tests: stocks written by hand, and the expected selection counted without DuckDB."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command

from maillage.imports.models import ImportKind, ImportRun
from maillage.imports.sirene.columns import ETABLISSEMENT_COLUMNS, UNITE_LEGALE_COLUMNS
from tests.fixture_files import FIXTURES
from tests.structures.factories import luhn_complete

SIRENE_FORMAT = FIXTURES / "sirene-format"

# The cultural codes the importer keeps by default, written out here rather than read from the product.
CULTURAL_NAF = {
    *("58.11Z", "58.12Z", "58.13Z", "58.14Z", "59.11A", "59.11B", "59.11C", "59.12Z", "59.13A", "59.13B"),
    *("59.14Z", "59.20Z", "74.10Z", "85.52Z", "90.01Z", "90.02Z", "90.03A", "90.03B", "90.04Z", "91.01Z"),
    *("91.02Z", "91.03Z", "93.29Z"),
}
# Legal categories the generator draws, and which of them are in the ESS by law (associations,
# cooperatives, fondations): written out so that the count does not reuse the importer's rules.
GENERATED_CATEGORIES = {
    *("1000", "5458", "5460", "5498", "5499", "5560", "5599", "5710", "5720", "6220", "6540", "7210"),
    *("9220", "9230", "9260", "9300"),
}
ESS_BY_CATEGORY = {"9220", "9230", "9260", "9300", "5458", "5460", "5560"}


def siren(number: int) -> str:
    return luhn_complete(f"{number:08d}")


def siret(number: int, nic: int = 1) -> str:
    return luhn_complete(siren(number) + f"{nic:04d}")


def unit(number: int, **fields: str) -> dict[str, str]:
    """Return a legal unit: an active, public association flagged ESS, unless told otherwise."""
    row = {
        "siren": siren(number),
        "statutDiffusionUniteLegale": "O",
        "dateCreationUniteLegale": "2010-03-01",
        "dateDernierTraitementUniteLegale": "2025-11-30T10:00:00",
        "etatAdministratifUniteLegale": "A",
        "dateDebut": "2010-03-01",
        "denominationUniteLegale": f"ASSOCIATION NUMERO {number}",
        "categorieJuridiqueUniteLegale": "9220",
        "activitePrincipaleUniteLegale": "90.01Z",
        "nomenclatureActivitePrincipaleUniteLegale": "NAFRev2",
        "nicSiegeUniteLegale": siret(number)[9:],
        "economieSocialeSolidaireUniteLegale": "O",
    }
    return row | fields


def establishment(number: int, nic: int = 1, **fields: str) -> dict[str, str]:
    """Return an active, public establishment of live performance in Saint-Étienne (Loire)."""
    identifier = siret(number, nic)
    row = {
        "siren": identifier[:9],
        "nic": identifier[9:],
        "siret": identifier,
        "statutDiffusionEtablissement": "O",
        "dateCreationEtablissement": "2010-03-01",
        "dateDernierTraitementEtablissement": "2025-11-30T10:00:00",
        "etablissementSiege": "true" if nic == 1 else "false",
        "numeroVoieEtablissement": "12",
        "typeVoieEtablissement": "RUE",
        "libelleVoieEtablissement": "DE LA RESISTANCE",
        "codePostalEtablissement": "42000",
        "libelleCommuneEtablissement": "SAINT-ETIENNE",
        "codeCommuneEtablissement": "42218",
        "coordonneeLambertAbscisseEtablissement": "808447.0",
        "coordonneeLambertOrdonneeEtablissement": "6483204.3",
        "dateDebut": "2010-03-01",
        "etatAdministratifEtablissement": "A",
        "activitePrincipaleEtablissement": "90.01Z",
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
    }
    return row | fields


def write_stock(
    directory: Path, units: Iterable[dict[str, str]], establishments: Iterable[dict[str, str]]
) -> tuple[Path, Path]:
    """Write both files in INSEE's columns, the fields not given left empty."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, columns, rows in (
        ("StockUniteLegale_utf8.csv", UNITE_LEGALE_COLUMNS, units),
        ("StockEtablissement_utf8.csv", ETABLISSEMENT_COLUMNS, establishments),
    ):
        path = directory / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths[0], paths[1]


def import_stock(ul: Path, et: Path, *options: str) -> tuple[ImportRun, str]:
    """Run the command; return its run and what it printed."""
    out = io.StringIO()
    call_command(
        "import_sirene", "--unites-legales", str(ul), "--etablissements", str(et), *options, stdout=out
    )
    return ImportRun.objects.filter(kind=ImportKind.SIRENE).latest(), out.getvalue()


@dataclass
class Expected:
    """The selection, counted with the csv module over the files themselves."""

    selected: set[str] = field(default_factory=set)
    partly_public: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)
    legacy: int = 0
    rows: int = 0
    naf_without_dot: int = 0
    foreign: int = 0
    by_siret: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def created(self) -> set[str]:
        """SIRETs that become structures: public and active."""
        return self.selected - self.partly_public - self.closed


def expected_selection(ul: Path, et: Path, naf_codes: set[str] = CULTURAL_NAF) -> Expected:
    with ul.open(encoding="utf-8") as handle:
        units = {row["siren"]: row for row in csv.DictReader(handle)}
    assert {u["categorieJuridiqueUniteLegale"] for u in units.values()} <= GENERATED_CATEGORIES
    expected = Expected()
    with et.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expected.rows += 1
            nomenclature = row["nomenclatureActivitePrincipaleEtablissement"]
            if nomenclature in {"NAP", "NAF1993", "NAFRev1"}:
                expected.legacy += 1
                continue
            code = row["activitePrincipaleEtablissement"]
            dotless = len(code) == 5 and "." not in code
            naf = f"{code[:2]}.{code[2:]}" if dotless else code
            owner = units.get(row["siren"])
            if naf not in naf_codes or owner is None:
                continue
            is_ess = (
                owner["economieSocialeSolidaireUniteLegale"] == "O"
                or owner["categorieJuridiqueUniteLegale"] in ESS_BY_CATEGORY
            )
            if not is_ess:
                continue
            number = row["siret"]
            expected.selected.add(number)
            expected.by_siret[number] = {"naf": naf, **row, **{f"unit.{k}": v for k, v in owner.items()}}
            expected.naf_without_dot += dotless
            expected.foreign += bool(row["codePaysEtrangerEtablissement"])
            if row["statutDiffusionEtablissement"] == "P" or owner["statutDiffusionUniteLegale"] == "P":
                expected.partly_public.add(number)
            if (
                row["etatAdministratifEtablissement"] == "F"
                or owner["etatAdministratifUniteLegale"] == "C"
                or owner["unitePurgeeUniteLegale"] == "true"
            ):
                expected.closed.add(number)
    return expected
