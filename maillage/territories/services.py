"""Writes to the referential that people make: project territories (PNR, Pays, custom perimeters)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from maillage.search.normalize import search_key
from maillage.territories import geometry as geo
from maillage.territories.enums import Level, ProjectKind
from maillage.territories.models import Territory, TerritoryCommune, TerritoryOutline
from maillage.territories.resolver import resolve_commune
from maillage.territories.selectors import referential_release

CODE_HEADERS = {"code insee", "insee", "code commune", "code insee commune", "codgeo", "com", "code"}


@dataclass(frozen=True)
class RowIssue:
    line: int
    value: str
    message: str

    def __str__(self) -> str:
        return f"ligne {self.line} : {self.message}"


@dataclass
class ProjectImportReport:
    territory: Territory | None = None
    communes: int = 0
    fixed: list[RowIssue] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ProjectTerritoryError(ValueError):
    """A project territory cannot be written as asked."""


def project_territory_import_csv(
    *, name: str, kind: str, csv_text: str, description: str = "", replace: bool = False
) -> ProjectImportReport:
    """Create or replace a project territory from a CSV of INSEE codes; write nothing if a row is wrong."""
    report = ProjectImportReport()
    commune_ids: list[str] = []
    rows = _code_rows(csv_text)
    if not rows:
        report.errors.append(RowIssue(1, "", "le fichier ne contient aucun code INSEE"))
    for line, value in rows:
        if not value:
            report.errors.append(RowIssue(line, value, "code INSEE vide"))
            continue
        resolved = resolve_commune(value)
        if resolved is None:
            report.errors.append(RowIssue(line, value, f"code INSEE « {value} » inconnu du référentiel"))
            continue
        if resolved.fix:
            report.fixed.append(RowIssue(line, value, resolved.fix))
        commune_ids.append(resolved.commune.id)
    if report.errors:
        return report
    report.territory = project_territory_save(
        name=name, kind=kind, commune_ids=commune_ids, description=description, replace=replace
    )
    report.communes = len(set(commune_ids))
    return report


@transaction.atomic
def project_territory_save(
    *, name: str, kind: str, commune_ids: list[str], description: str = "", replace: bool = False
) -> Territory:
    """Write a project territory holding exactly these communes, with its population and outline."""
    name = name.strip()
    slug = slugify(name)
    if not slug:
        raise ProjectTerritoryError("Le nom du territoire de projet est obligatoire.")
    if kind not in ProjectKind.values:
        raise ProjectTerritoryError(f"Type de territoire de projet inconnu : {kind}.")
    unique_ids = sorted(set(commune_ids))
    if not unique_ids:
        raise ProjectTerritoryError("Un territoire de projet contient au moins une commune.")
    territory_id = f"TER-{slug}"
    if not replace and Territory.objects.filter(id=territory_id).exists():
        raise ProjectTerritoryError(f"Le territoire {territory_id} existe déjà.")
    communes = Territory.objects.filter(id__in=unique_ids, level=Level.COMMUNE)
    release = referential_release()
    territory, _ = Territory.objects.update_or_create(
        id=territory_id,
        defaults={
            "level": Level.PROJET,
            "code": slug,
            "name": name,
            "search_name": search_key(name),
            "project_kind": kind,
            "description": description,
            "population": sum(c.population or 0 for c in communes),
            "millesime": release.millesime if release else "",
            "source": "saisie maillage",
            "is_current": True,
        },
    )
    TerritoryCommune.objects.filter(territory=territory).delete()
    TerritoryCommune.objects.bulk_create(
        [TerritoryCommune(territory=territory, commune_id=cid) for cid in unique_ids], batch_size=2000
    )
    _save_outline(territory, unique_ids)
    return territory


def _save_outline(territory: Territory, commune_ids: list[str]) -> None:
    import shapely  # noqa: PLC0415 (with numpy, 200 ms at every start-up otherwise; see geometry.py)

    shapes = [
        shapely.from_geojson(o.geojson)
        for o in TerritoryOutline.objects.filter(territory_id__in=commune_ids).only("geojson")
    ]
    TerritoryOutline.objects.filter(territory=territory).delete()
    if not shapes:
        return
    union = geo.dissolve(
        {str(i): s for i, s in enumerate(shapes)}, {"all": [str(i) for i in range(len(shapes))]}
    )
    outline = union["all"]
    territory.latitude, territory.longitude = geo.inner_point(outline)
    territory.save(update_fields=["latitude", "longitude"])
    TerritoryOutline.objects.create(
        territory=territory, geojson=geo.to_geojson(outline), source="union des communes"
    )


def _code_rows(csv_text: str) -> list[tuple[int, str]]:
    """Return (line number, code) for each data row, whatever the delimiter and with or without header."""
    text = csv_text.lstrip("\ufeff")
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = [(number, [cell.strip() for cell in row]) for number, row in enumerate(reader, start=1)]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        return []
    column = 0
    _, header = rows[0]
    keys = [search_key(cell) for cell in header]
    if any(k in CODE_HEADERS for k in keys) or not any(c[:1].isdigit() for c in header):
        column = next((i for i, k in enumerate(keys) if k in CODE_HEADERS), 0)
        rows = rows[1:]
    return [(n, cells[column] if column < len(cells) else "") for n, cells in rows]
