"""Reads of the territorial referential, each stating its joins."""

from __future__ import annotations

from maillage.territories.enums import FRANCE_ID, Level
from maillage.territories.models import ReferentialRelease, Territory

LEVEL_RANK: dict[str, int] = {
    Level.PAYS: 0,
    Level.REGION: 1,
    Level.DEPARTEMENT: 2,
    Level.EPCI: 3,
    Level.PROJET: 3,
}


def territory_get(territory_id: str) -> Territory:
    """Return a territory with its direct parents joined; raise Territory.DoesNotExist when unknown."""
    return Territory.objects.select_related("region", "departement", "epci", "commune").get(
        id=canonical_id(territory_id)
    )


def canonical_id(raw: str) -> str:
    """Return a territory id as stored: upper-case prefix and code, project slugs in lower case."""
    prefix, _, rest = raw.strip().partition("-")
    if prefix.upper() == "TER":
        return f"TER-{rest.lower()}"
    return raw.strip().upper()


def territory_parents(territory: Territory) -> list[Territory]:
    """Return the administrative territories containing this one, narrowest first, France last."""
    if territory.level == Level.PAYS:
        return []
    if territory.level in (Level.COMMUNE, Level.ARRONDISSEMENT):
        direct = [territory.commune, territory.epci, territory.departement, territory.region]
        parents = [t for t in direct if t is not None]
    elif territory.level == Level.DEPARTEMENT:
        parents = [territory.region] if territory.region else []
    elif territory.level == Level.REGION:
        parents = []
    else:
        # An EPCI or a project territory may straddle départements: every one it touches is a parent.
        communes = Territory.objects.held_by(territory.id).exclude(id=territory.id)
        touched = communes.values_list("departement_id", "region_id").distinct()
        ids = {i for pair in touched for i in pair if i}
        parents = sorted(Territory.objects.filter(id__in=ids), key=lambda t: (-LEVEL_RANK[t.level], t.id))
    france = Territory.objects.filter(id=FRANCE_ID).first()
    return [*parents, france] if france else parents


def territory_projects(territory: Territory) -> list[Territory]:
    """Return the project territories holding a commune."""
    commune_id = territory.commune_id if territory.level == Level.ARRONDISSEMENT else territory.id
    return list(Territory.objects.filter(level=Level.PROJET).containing(commune_id or "").order_by("name"))


def territory_children(territory: Territory) -> list[Territory]:
    """Return the territories one step down: régions, départements, EPCI, communes, arrondissements."""
    current = Territory.objects.current()
    match territory.level:
        case Level.PAYS:
            children = current.filter(level=Level.REGION)
        case Level.REGION:
            children = current.filter(level=Level.DEPARTEMENT, region=territory)
        case Level.DEPARTEMENT:
            children = current.filter(
                level=Level.EPCI, commune_links__commune__departement=territory
            ).distinct()
        case Level.EPCI:
            children = current.filter(level=Level.COMMUNE, epci=territory)
        case Level.PROJET:
            children = current.held_by(territory.id).filter(level=Level.COMMUNE)
        case Level.COMMUNE:
            children = current.filter(level=Level.ARRONDISSEMENT, commune=territory)
        case _:
            children = current.none()
    return list(children.order_by("name"))


def referential_release() -> ReferentialRelease | None:
    """Return the latest import of the referential, which states the millésime shown to users."""
    return ReferentialRelease.objects.order_by("-imported_at").first()
