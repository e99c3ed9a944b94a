"""Small slices of the real referential, cut from the installed packages, for fast tests."""

from __future__ import annotations

import dataclasses
from functools import cache

from django.conf import settings

from maillage.territories.importer import ImportSummary, ReferentialImporter
from maillage.territories.readers import (
    AdministrativeDivision,
    CommuneGeometry,
    DataFranceGeometryReader,
    DecoupageAdministratifReader,
)

# Loire (Saint-Étienne, the PTCE Culture et Coopération) and Rhône (Lyon and its arrondissements).
DEFAULT_DEPARTEMENTS = ("42", "69")


@cache
def real_division() -> AdministrativeDivision:
    return DecoupageAdministratifReader(settings.DECOUPAGE_ADMINISTRATIF_DIR).read()


@cache
def real_geometry() -> CommuneGeometry:
    return DataFranceGeometryReader().read()


def slice_division(division: AdministrativeDivision, departements: tuple[str, ...]) -> AdministrativeDivision:
    """Keep only the communes of some départements, and what refers to them."""
    communes = [c for c in division.communes if c.departement in departements]
    codes = {c.code for c in communes}
    regions = {c.region for c in communes}
    epcis = []
    for e in division.epcis:
        members = tuple(m for m in e.members if m in codes)
        if members:
            epcis.append(dataclasses.replace(e, members=members))
    return dataclasses.replace(
        division,
        regions=[r for r in division.regions if r.code in regions],
        departements=[d for d in division.departements if d.code in departements],
        communes=communes,
        arrondissements=[a for a in division.arrondissements if a.commune in codes],
        aliases=[a for a in division.aliases if a.commune in codes],
        epcis=epcis,
        fingerprint=f"{division.fingerprint}:{','.join(departements)}",
    )


def slice_geometry(geometry: CommuneGeometry, division: AdministrativeDivision) -> CommuneGeometry:
    codes = {c.code for c in division.communes} | {a.code for a in division.arrondissements}
    return dataclasses.replace(
        geometry,
        points={k: v for k, v in geometry.points.items() if k in codes},
        outlines_wkb={k: v for k, v in geometry.outlines_wkb.items() if k in codes},
        fingerprint=f"{geometry.fingerprint}:{len(codes)}",
    )


@dataclasses.dataclass
class FixedDivisionReader:
    """A division reader that hands over a division already in memory."""

    division: AdministrativeDivision

    def fingerprint(self) -> str:
        return self.division.fingerprint

    def read(self) -> AdministrativeDivision:
        return self.division


@dataclasses.dataclass
class FixedGeometryReader:
    geometry: CommuneGeometry

    def fingerprint(self) -> str:
        return self.geometry.fingerprint

    def read(self) -> CommuneGeometry:
        return self.geometry


def import_division(
    division: AdministrativeDivision, *, force: bool = False, dry_run: bool = False
) -> ImportSummary:
    """Import a division with the matching slice of real outlines."""
    importer = ReferentialImporter(
        FixedDivisionReader(division), FixedGeometryReader(slice_geometry(real_geometry(), division))
    )
    return importer.run(force=force, dry_run=dry_run)


def import_departements(departements: tuple[str, ...] = DEFAULT_DEPARTEMENTS) -> ImportSummary:
    return import_division(slice_division(real_division(), departements))
