"""A small directory in the Loire and the Rhône, with every case the indicators' definitions name."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.imports.sirene.models import SireneCulturalCount
from maillage.structures.enums import EssFamily, RelationKind, StructureKind
from maillage.structures.models import Discipline, Structure
from tests.structures.factories import RelationFactory, StructureFactory

SAINT_ETIENNE = "COM-42218"
SAINT_CHAMOND = "COM-42207"
ROANNE = "COM-42187"
LYON = "COM-69123"


@dataclass
class Directory:
    network: Structure
    saint_etienne: list[Structure]
    lyon: Structure


def _association(commune: str, **fields: object) -> Structure:
    values: dict[str, object] = {"commune_id": commune, "association": True}
    return StructureFactory.create(**(values | fields))


def build_directory() -> Directory:
    """Write structures of every case the definitions name, in the Loire (42) and the Rhône (69)."""
    music = Discipline.objects.get(slug="musique")
    theatre = Discipline.objects.get(slug="theatre")  # a sub-discipline of the spectacle vivant
    dance = Discipline.objects.get(slug="danse")
    first = _association(SAINT_ETIENNE, headcount_band="01", founded_on=datetime.date(2015, 3, 1))
    first.disciplines.set([music, theatre])
    second = _association(SAINT_ETIENNE, headcount_band="11", founded_on=datetime.date(2020, 6, 1))
    second.disciplines.set([theatre, dance])
    scop = StructureFactory.create(
        commune_id=SAINT_ETIENNE, scop=True, headcount_band="12", founded_on=datetime.date(2020, 1, 5)
    )
    # Family and ESS membership unknown: presumed in (a directory of the cultural ESS).
    unknown = StructureFactory.create(commune_id=SAINT_CHAMOND, kind=StructureKind.EMPLOYER_GROUP)
    network = _association(ROANNE, kind=StructureKind.NETWORK, name="Réseau ligérien des musiques")
    # An ESUS company and a SIRENE-flagged company outside the ESS families: both count.
    StructureFactory.create(commune_id=ROANNE, ess_family=EssFamily.ESUS_COMPANY, is_ess=True)
    # Not counted: funders, public bodies, companies outside the ESS, closed, without a commune.
    StructureFactory.create(commune_id=SAINT_ETIENNE, kind=StructureKind.FUNDER, association=True)
    StructureFactory.create(commune_id=SAINT_ETIENNE, kind=StructureKind.PUBLIC_BODY)
    StructureFactory.create(commune_id=ROANNE, ess_family=EssFamily.OTHER, is_ess=False)
    closed = _association(
        SAINT_CHAMOND,
        is_active=False,
        closed_on=datetime.date(2024, 9, 30),
        founded_on=datetime.date(2001, 1, 1),
    )
    StructureFactory.create(commune=None, association=True)
    lyon = _association(LYON, founded_on=datetime.date(2025, 2, 1))
    lyon.disciplines.set([music])
    _association(LYON, ess_family=EssFamily.COOPERATIVE_SCIC)

    today = timezone.localdate()
    RelationFactory.create(source=first, target=network, kind=RelationKind.MEMBER_OF)
    RelationFactory.create(source=second, target=network, kind=RelationKind.MEMBER_OF)
    RelationFactory.create(source=lyon, target=network, kind=RelationKind.MEMBER_OF)
    RelationFactory.create(source=first, target=lyon, kind=RelationKind.PARTNER)
    RelationFactory.create(source=first, target=second, kind=RelationKind.POOLING_PREMISES)
    RelationFactory.create(
        source=scop, target=None, kind=RelationKind.SIGNATORY_OF, joint_act="Convention 2015"
    )
    # Not cooperation, ended, or starting later: left out.
    funder = Structure.objects.get(kind=StructureKind.FUNDER)
    RelationFactory.create(source=unknown, target=funder, kind=RelationKind.SUPPORTED_BY)
    RelationFactory.create(
        source=unknown,
        target=network,
        kind=RelationKind.MEMBER_OF,
        end_date=today - datetime.timedelta(days=30),
    )
    RelationFactory.create(
        source=scop,
        target=network,
        kind=RelationKind.MEMBER_OF,
        start_date=today + datetime.timedelta(days=30),
    )
    RelationFactory.create(source=closed, target=network, kind=RelationKind.MEMBER_OF)
    _sirene_counts()
    return Directory(network=network, saint_etienne=[first, second, scop], lyon=lyon)


def _sirene_counts() -> None:
    """Two applied SIRENE runs: only the latest counts."""
    old = ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
    SireneCulturalCount.objects.create(
        run=old, commune_id=SAINT_ETIENNE, naf_code="90.01Z", is_ess=True, establishments=1
    )
    ImportRun.objects.filter(pk=old.pk).update(started_at=timezone.now() - datetime.timedelta(days=40))
    run = ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
    for commune, naf, is_ess, count in (
        (SAINT_ETIENNE, "90.01Z", True, 12),
        (SAINT_ETIENNE, "90.01Z", False, 20),
        (SAINT_ETIENNE, "59.14Z", False, 8),
        (ROANNE, "90.02Z", True, 3),
        (LYON, "90.01Z", True, 10),
        (LYON, "90.01Z", False, 40),
        (None, "90.01Z", True, 99),
    ):
        SireneCulturalCount.objects.create(
            run=run, commune_id=commune, naf_code=naf, is_ess=is_ess, establishments=count
        )
    # A refused run is never read.
    refused = ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.REFUSED)
    SireneCulturalCount.objects.create(
        run=refused, commune_id=SAINT_ETIENNE, naf_code="90.01Z", is_ess=True, establishments=500
    )
