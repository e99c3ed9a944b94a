"""Load the territorial referential into the database: idempotent, atomic, with a summary of what changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from maillage.search.normalize import search_key
from maillage.territories import geometry as geo
from maillage.territories.enums import FRANCE_ID, FRANCE_NAME, CommuneCodeKind, Level
from maillage.territories.models import (
    CommuneCode,
    PostalCode,
    ReferentialRelease,
    Territory,
    TerritoryCommune,
    TerritoryOutline,
)
from maillage.territories.readers import (
    AdministrativeDivision,
    CommuneGeometry,
    DivisionReader,
    GeometryReader,
    fingerprint_of,
)

# Fields the importer owns; anything else on a territory (project territories' description…) is left alone.
IMPORTED_FIELDS = [
    "level",
    "code",
    "name",
    "search_name",
    "population",
    "epci_type",
    "region_id",
    "departement_id",
    "epci_id",
    "commune_id",
    "latitude",
    "longitude",
    "is_current",
    "millesime",
    "source",
]
BATCH = 2000


@dataclass
class LevelCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0


@dataclass
class ImportSummary:
    source: str
    millesime: str
    skipped: bool = False
    dry_run: bool = False
    levels: dict[str, LevelCounts] = field(default_factory=lambda: defaultdict(LevelCounts))
    former_codes: int = 0
    postal_codes: int = 0
    closure_links: int = 0
    outlines: int = 0
    communes_without_point: int = 0
    project_links_remapped: int = 0

    def lines(self) -> list[str]:
        """Describe the run in French, one line per fact."""
        head = f"Référentiel {self.source} (millésime {self.millesime})"
        if self.skipped:
            return [f"{head} : déjà à jour, rien à faire (--force pour réimporter)."]
        lines = [head + (" — simulation, rien n'a été écrit" if self.dry_run else "")]
        for level, c in self.levels.items():
            label = Level(level).label
            lines.append(
                f"  {label} : {c.created} créés, {c.updated} modifiés, "
                f"{c.unchanged} inchangés, {c.retired} retirés"
            )
        lines += [
            f"  Anciens codes de communes : {self.former_codes}",
            f"  Codes postaux : {self.postal_codes}",
            f"  Liens territoire → commune : {self.closure_links}",
            f"  Contours : {self.outlines}",
            f"  Communes sans point (placées au mieux) : {self.communes_without_point}",
            f"  Liens de territoires de projet reportés : {self.project_links_remapped}",
        ]
        return lines


class ReferentialImporter:
    """Build every territory from the package readers' output and write it in one transaction."""

    division: AdministrativeDivision
    geometry: CommuneGeometry
    source: str

    def __init__(
        self,
        division_reader: DivisionReader,
        geometry_reader: GeometryReader,
        progress: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.division_reader = division_reader
        self.geometry_reader = geometry_reader
        self.progress = progress
        # Versions of the packages read: cheap to compute, so an unchanged referential costs no parsing.
        self.fingerprint = fingerprint_of(division_reader.fingerprint(), geometry_reader.fingerprint())

    def is_up_to_date(self) -> bool:
        latest = ReferentialRelease.objects.order_by("-imported_at").first()
        return latest is not None and latest.fingerprint == self.fingerprint

    def run(self, *, dry_run: bool = False, force: bool = False) -> ImportSummary:
        if not force and self.is_up_to_date():
            latest = ReferentialRelease.objects.order_by("-imported_at").first()
            assert latest is not None  # noqa: S101 (is_up_to_date checked it)
            return ImportSummary(source=latest.source, millesime=latest.millesime, skipped=True)
        self.division = self.division_reader.read()
        self.geometry = self.geometry_reader.read()
        self.source = f"{self.division.source} ; {self.geometry.source}"
        summary = ImportSummary(source=self.source, millesime=self.division.millesime, dry_run=dry_run)
        rows, members, outlines = self._build(summary)
        with transaction.atomic():
            self._write_territories(rows, summary)
            self._write_closure(members, summary)
            self._write_codes(summary)
            self._write_outlines(outlines, summary)
            _refresh_statistics()
            if dry_run:
                transaction.set_rollback(True)
            else:
                ReferentialRelease.objects.create(
                    source=self.source,
                    millesime=self.division.millesime,
                    fingerprint=self.fingerprint,
                    summary={"lines": summary.lines()},
                )
        return summary

    # Building: pure computation from the readers' rows.

    def _build(self, summary: ImportSummary) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], dict]:
        d = self.division
        self.progress(
            f"Lecture : {len(d.regions)} régions, {len(d.departements)} départements, "
            f"{len(d.epcis)} EPCI, {len(d.communes)} communes, {len(d.arrondissements)} arrondissements"
        )
        base = {"millesime": d.millesime, "source": d.source, "is_current": True}
        epci_of = {member: e.code for e in d.epcis for member in e.members}
        points = self._commune_points(summary)

        # Communes held by each territory, by canonical id (a commune holds itself).
        members: dict[str, list[str]] = defaultdict(list)
        population: dict[str, int] = defaultdict(int)
        rows: dict[str, dict[str, Any]] = {}
        for c in d.communes:
            cid = f"COM-{c.code}"
            epci = epci_of.get(c.code)
            containers = [FRANCE_ID, f"REG-{c.region}", f"DEP-{c.departement}", cid]
            if epci:
                containers.append(f"EPCI-{epci}")
            for container in containers:
                members[container].append(cid)
                population[container] += c.population or 0
            lat, lon = points.get(c.code, (None, None))
            rows[cid] = _row(
                base, Level.COMMUNE, c.code, c.name, c.population, lat, lon,
                region_id=f"REG-{c.region}", departement_id=f"DEP-{c.departement}",
                epci_id=f"EPCI-{epci}" if epci else None,
            )  # fmt: skip
        for a in d.arrondissements:
            parent = rows[f"COM-{a.commune}"]
            lat, lon = points.get(a.code, (None, None))
            rows[f"COM-{a.code}"] = _row(
                base, Level.ARRONDISSEMENT, a.code, a.name, a.population, lat, lon,
                region_id=parent["region_id"], departement_id=parent["departement_id"],
                epci_id=parent["epci_id"], commune_id=f"COM-{a.commune}",
            )  # fmt: skip
        for r in d.regions:
            lat, lon = points.get(r.chef_lieu, (None, None))
            rows[f"REG-{r.code}"] = _row(
                base, Level.REGION, r.code, r.name, population[f"REG-{r.code}"], lat, lon
            )
        for dep in d.departements:
            lat, lon = points.get(dep.chef_lieu, (None, None))
            rows[f"DEP-{dep.code}"] = _row(
                base, Level.DEPARTEMENT, dep.code, dep.name, population[f"DEP-{dep.code}"], lat, lon,
                region_id=f"REG-{dep.region}",
            )  # fmt: skip
        for e in d.epcis:
            rows[f"EPCI-{e.code}"] = _row(
                base, Level.EPCI, e.code, e.name, e.population, None, None, epci_type=e.epci_type
            )
        rows[FRANCE_ID] = _row(base, Level.PAYS, "99100", FRANCE_NAME, population[FRANCE_ID], None, None)

        self.progress("Contours : lecture et fusion des contours communaux…")
        commune_shapes = geo.load_outlines(self.geometry.outlines_wkb)
        by_code_members = {
            tid: [cid.removeprefix("COM-") for cid in cids]
            for tid, cids in members.items()
            if not tid.startswith("COM-") and tid != FRANCE_ID
        }
        outlines = {f"COM-{code}": shape for code, shape in commune_shapes.items() if f"COM-{code}" in rows}
        outlines.update(geo.dissolve(commune_shapes, by_code_members))
        for tid, row in rows.items():
            if row["latitude"] is None and tid in outlines:
                row["latitude"], row["longitude"] = geo.inner_point(outlines[tid])
        return rows, members, outlines

    def _commune_points(self, summary: ImportSummary) -> dict[str, tuple[float, float]]:
        """Return town-hall points by code; a new commune takes the point of a commune it absorbed."""
        points = dict(self.geometry.points)
        for c in self.division.communes:
            if c.code in points:
                continue
            inherited = next((points[o] for o in c.former_codes if o in points), None)
            if inherited is None:
                summary.communes_without_point += 1
            else:
                points[c.code] = inherited
        return points

    # Writing: upserts inside the caller's transaction.

    def _write_territories(self, rows: dict[str, dict[str, Any]], summary: ImportSummary) -> None:
        existing = {
            t["id"]: t for t in Territory.objects.exclude(level=Level.PROJET).values("id", *IMPORTED_FIELDS)
        }
        to_save = []
        for tid, row in rows.items():
            counts = summary.levels[row["level"]]
            before = existing.pop(tid, None)
            if before is None:
                counts.created += 1
            elif any(before[f] != row[f] for f in IMPORTED_FIELDS):
                counts.updated += 1
            else:
                counts.unchanged += 1
                continue
            to_save.append(Territory(id=tid, **row))
        self.progress(f"Territoires : {len(to_save)} à écrire")
        Territory.objects.bulk_create(
            to_save,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=IMPORTED_FIELDS,
        )
        # Territories gone from this millésime are kept (structures may point to them) but no longer current.
        retired = [tid for tid, before in existing.items() if before["is_current"]]
        for tid in retired:
            summary.levels[existing[tid]["level"]].retired += 1
        Territory.objects.filter(id__in=retired).update(is_current=False)

    def _write_closure(self, members: dict[str, list[str]], summary: ImportSummary) -> None:
        self.progress("Liens territoire → commune…")
        TerritoryCommune.objects.exclude(territory__level=Level.PROJET).delete()
        links = [TerritoryCommune(territory_id=t, commune_id=c) for t, cids in members.items() for c in cids]
        TerritoryCommune.objects.bulk_create(links, batch_size=BATCH)
        summary.closure_links = len(links)

    def _write_codes(self, summary: ImportSummary) -> None:
        current = {c.code for c in self.division.communes}
        codes: dict[str, CommuneCode] = {}
        for c in self.division.communes:
            for old in c.former_codes:
                codes[old] = CommuneCode(code=old, commune_id=f"COM-{c.code}", kind=CommuneCodeKind.FORMER)
        for a in self.division.aliases:
            if a.code not in current and a.code not in codes:
                codes[a.code] = CommuneCode(
                    code=a.code, commune_id=f"COM-{a.commune}", kind=a.kind, name=a.name
                )
            elif a.code in codes:
                codes[a.code].name = a.name
        CommuneCode.objects.all().delete()
        CommuneCode.objects.bulk_create(codes.values(), batch_size=BATCH)
        summary.former_codes = len(codes)
        summary.project_links_remapped = _remap_project_links(codes)

        postal = {(code, f"COM-{c.code}") for c in self.division.communes for code in c.postal_codes}
        postal |= {(code, f"COM-{a.code}") for a in self.division.arrondissements for code in a.postal_codes}
        PostalCode.objects.all().delete()
        PostalCode.objects.bulk_create(
            [PostalCode(code=code, commune_id=cid) for code, cid in sorted(postal)], batch_size=BATCH
        )
        summary.postal_codes = len(postal)

    def _write_outlines(self, outlines: dict[str, Any], summary: ImportSummary) -> None:
        self.progress(f"Contours : {len(outlines)} à écrire…")
        TerritoryOutline.objects.exclude(territory__level=Level.PROJET).delete()
        TerritoryOutline.objects.bulk_create(
            [
                TerritoryOutline(territory_id=tid, geojson=geo.to_geojson(shape), source=self.geometry.source)
                for tid, shape in outlines.items()
            ],
            batch_size=500,
        )
        summary.outlines = len(outlines)


def _row(
    base: dict[str, Any],
    level: Level,
    code: str,
    name: str,
    population: int | None,
    latitude: float | None,
    longitude: float | None,
    **parents: Any,
) -> dict[str, Any]:
    return {
        **base,
        "level": level.value,
        "code": code,
        "name": name,
        "search_name": search_key(name),
        "population": population,
        "latitude": latitude,
        "longitude": longitude,
        "epci_type": parents.pop("epci_type", ""),
        "region_id": parents.pop("region_id", None),
        "departement_id": parents.pop("departement_id", None),
        "epci_id": parents.pop("epci_id", None),
        "commune_id": parents.pop("commune_id", None),
    }


def _remap_project_links(codes: dict[str, CommuneCode]) -> int:
    """Point project territories' links to a merged commune at the commune that absorbed it."""
    # The few project territories first, as a list: joined in one query over the freshly rewritten closure,
    # PostgreSQL (no statistics yet inside the import's transaction) chose a nested loop taking minutes.
    projects = list(Territory.objects.filter(level=Level.PROJET).values_list("id", flat=True))
    stale = TerritoryCommune.objects.filter(territory_id__in=projects, commune__is_current=False)
    remapped = 0
    for link in stale.select_related("commune"):
        target = codes.get(link.commune.code)
        if target is None:
            continue
        TerritoryCommune.objects.get_or_create(territory_id=link.territory_id, commune_id=target.commune_id)
        link.delete()
        remapped += 1
    return remapped


def _refresh_statistics() -> None:
    """Let PostgreSQL's planner see the referential just written, before autovacuum gets to it.

    Every territory search joins the closure to itself; planned from the statistics of a smaller or empty
    table, those joins become nested loops of sequential scans that run for minutes (seen in the test
    suite, where each test loads the referential inside its own transaction). ANALYZE counts the
    transaction's own rows; SQLite's planner does not need it.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Territory, TerritoryCommune):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
