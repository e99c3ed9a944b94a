"""Reads of the needs surveys, each stating its joins."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from maillage.memberships.enums import Action
from maillage.memberships.models import NetworkCoordinator, TerritoryCoordinator
from maillage.memberships.rules import can
from maillage.structures.models import Discipline, Relation, Structure
from maillage.surveys.models import Campaign, Response
from maillage.surveys.result_tables import CampaignResults
from maillage.surveys.results import campaign_results, territory_keys
from maillage.territories.models import Territory, TerritoryCommune


def campaign_get(pk: int) -> Campaign:
    """Return a campaign with its scope joined; raise Campaign.DoesNotExist when unknown."""
    return Campaign.objects.select_related("territory", "network").get(pk=pk)


def published_campaigns() -> QuerySet[Campaign]:
    """Return open and closed campaigns, the latest first, with their scope joined."""
    return Campaign.objects.published().select_related("territory", "network").order_by("-opens_on", "-pk")


def campaigns_created_by(user: Any) -> QuerySet[Campaign]:
    """Return the campaigns a person created, drafts included, with their scope joined."""
    if not user.is_authenticated:
        return Campaign.objects.none()
    return Campaign.objects.filter(created_by=user).select_related("territory", "network")


def response_count(campaign: Campaign) -> int:
    return Response.objects.filter(campaign=campaign).count()


def scope_structures(campaign: Campaign) -> QuerySet[Structure]:
    """Return the active structures a campaign asks: located in its territory, or current network members."""
    if campaign.territory_id is not None:
        communes = TerritoryCommune.objects.filter(territory_id=campaign.territory_id).values("commune_id")
        in_scope = Structure.objects.filter(commune_id__in=communes)
    else:
        members = Relation.objects.current().member_of().filter(target_id=campaign.network_id)
        in_scope = Structure.objects.filter(pk__in=members.values("source_id"))
    return in_scope.filter(is_active=True)


def structure_in_scope(campaign: Campaign, structure: Structure) -> bool:
    return scope_structures(campaign).filter(pk=structure.pk).exists()


def response_for(campaign: Campaign, structure: Structure) -> Response | None:
    return Response.objects.filter(campaign=campaign, structure=structure).first()


def responses_of_structures(campaign: Campaign, structures: list[Structure]) -> dict[int, Response]:
    """Return the responses of some structures to a campaign, by structure id."""
    if not structures:
        return {}
    rows = Response.objects.filter(campaign=campaign, structure__in=structures)
    return {r.structure_id: r for r in rows}


def answering_structure(slug: str) -> Structure:
    """Return a structure with its commune; raise Structure.DoesNotExist when unknown."""
    return Structure.objects.select_related("commune").get(slug=slug)


def answerable_structures(
    user: Any, campaigns: list[Campaign], *, open_only: bool = True
) -> dict[int, list[Structure]]:
    """Return, per campaign (open ones only by default), the user's structures in its scope that the user
    may answer for.

    Three queries whatever the number of campaigns, plus the permission rule for each of the user's
    structures found in a scope (people act for a handful of structures).
    """
    if not user.is_authenticated:
        return {}
    asked = [c for c in campaigns if c.is_open or not open_only]
    if not asked:
        return {}
    mine = list(Structure.objects.filter(memberships__user=user, is_active=True).order_by("name"))
    if not mine:
        return {}
    territory_ids = {c.territory_id for c in asked if c.territory_id}
    network_ids = {c.network_id for c in asked if c.network_id}
    in_territory = set(
        TerritoryCommune.objects.filter(
            territory_id__in=territory_ids, commune_id__in={s.commune_id for s in mine if s.commune_id}
        ).values_list("territory_id", "commune_id")
    )
    in_network = (
        set(
            Relation.objects.current()
            .member_of()
            .filter(target_id__in=network_ids, source_id__in=[s.pk for s in mine])
            .values_list("target_id", "source_id")
        )
        if network_ids
        else set()
    )
    allowed: dict[int, bool] = {}

    def may_answer(structure: Structure) -> bool:
        if structure.pk not in allowed:
            allowed[structure.pk] = can(user, Action.ANSWER_CAMPAIGN, structure)
        return allowed[structure.pk]

    return {
        campaign.pk: [
            s
            for s in mine
            if (
                (campaign.territory_id, s.commune_id) in in_territory
                or (campaign.network_id, s.pk) in in_network
            )
            and may_answer(s)
        ]
        for campaign in asked
    }


def runnable_scopes(user: Any) -> tuple[list[Territory], list[Structure]]:
    """Return the territories and networks the user coordinates, where they may run campaigns."""
    if not user.is_authenticated:
        return [], []
    territories = Territory.objects.filter(
        pk__in=TerritoryCoordinator.objects.filter(user=user).values("territory_id")
    ).order_by("name")
    networks = Structure.objects.filter(
        pk__in=NetworkCoordinator.objects.filter(user=user).values("network_id")
    ).order_by("name")
    return list(territories), list(networks)


def _responses(campaigns: list[Campaign]) -> dict[int, list[Response]]:
    """Return the responses of campaigns with structures, communes and root disciplines: two queries."""
    disciplines = Prefetch("structure__disciplines", queryset=Discipline.objects.select_related("parent"))
    rows = (
        Response.objects.filter(campaign__in=campaigns)
        .select_related("structure__commune")
        .prefetch_related(disciplines)
        .order_by("pk")
    )
    by_campaign: dict[int, list[Response]] = {c.pk: [] for c in campaigns}
    for response in rows:
        by_campaign[response.campaign_id].append(response)
    return by_campaign


def results_of(
    campaigns: list[Campaign], *, free_text_for: frozenset[int] = frozenset()
) -> list[CampaignResults]:
    """Return the published results of campaigns, with free texts for those in `free_text_for`."""
    if not campaigns:
        return []
    responses = _responses(campaigns)
    keys = set().union(*(territory_keys(c, responses[c.pk]) for c in campaigns))
    names = dict(Territory.objects.filter(pk__in=keys).values_list("id", "name")) if keys else {}
    return [
        campaign_results(c, responses[c.pk], territory_names=names, include_free_text=c.pk in free_text_for)
        for c in campaigns
    ]


def campaigns_covering(territory: Territory) -> list[Campaign]:
    """Return the published territorial campaigns whose territory holds all of this one, or is it."""
    communes = TerritoryCommune.objects.filter(territory=territory).values("commune_id")
    total = communes.count()
    candidates = Campaign.objects.published().filter(territory__isnull=False)
    if total == 0:
        return list(candidates.filter(territory=territory).select_related("territory"))
    # A campaign covers the territory when its territory holds every one of the territory's communes.
    covering = (
        TerritoryCommune.objects.filter(
            territory_id__in=candidates.values("territory_id"), commune_id__in=communes
        )
        .values("territory_id")
        .annotate(held=Count("commune_id"))
        .filter(held=total)
        .values("territory_id")
    )
    return list(
        candidates.filter(territory_id__in=covering).select_related("territory").order_by("-closes_on", "-pk")
    )


def territory_results(territory: Territory) -> list[CampaignResults]:
    """Return the published results of open and closed campaigns whose scope holds or is the territory."""
    return results_of(campaigns_covering(territory))
