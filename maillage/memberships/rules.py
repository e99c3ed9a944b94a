"""The one place that decides who may do what to which record: pages, API and services all ask `can`.

Perimeters, from the narrowest:
- a member of a structure edits it and answers surveys for it; a manager also admits members;
- a network coordinator moderates the network's own record and those of its members (structures with a
  current `member_of` relation to it: confirmed by the network and in force today, see
  `Relation.objects.current`), and runs surveys and exports for the network; a structure's declaration
  that it belongs to a network grants nothing until the network's coordinators accept it;
- a territory coordinator moderates the structures located in its territories (any level, project
  territories included, through the commune closure) and runs surveys there;
- an administrator (superuser) may do everything.
Anyone may view public records; any logged-in person may propose a change, which goes to moderation.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet

from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.models import NetworkCoordinator, StructureMembership, TerritoryCoordinator
from maillage.structures.models import Relation, Structure
from maillage.territories.models import Territory, TerritoryCommune

# Actions a structure's own members may take on it.
MEMBER_ACTIONS = frozenset({Action.EDIT, Action.ANSWER_CAMPAIGN, Action.VIEW_HISTORY})
# Previous contact details in the history: the record's managers and coordinators, not every member.
# Source changes and withdrawn records: the same people, who look after the record.
MANAGER_ACTIONS = MEMBER_ACTIONS | {
    *(Action.MANAGE_MEMBERS, Action.VIEW_PAST_CONTACTS),
    *(Action.REVIEW_SOURCE_CHANGE, Action.VIEW_WITHDRAWN),
}
# Actions a coordinator may take on a structure of the perimeter.
MODERATOR_ACTIONS = frozenset(
    {
        Action.EDIT,
        Action.MODERATE,
        Action.MERGE,
        Action.VIEW_HISTORY,
        Action.MANAGE_MEMBERS,
        Action.VIEW_PAST_CONTACTS,
        Action.REVIEW_SOURCE_CHANGE,
        Action.VIEW_WITHDRAWN,
    }
)
# Actions on a network (as a perimeter) or on a territory.
PERIMETER_ACTIONS = frozenset({Action.EXPORT_PERIMETER, Action.RUN_CAMPAIGN, Action.MODERATE})


# Feature apps decide on their own records (a scheme, a booking, an event…) by registering a rule for
# their model in `AppConfig.ready()`: core never imports them (ADR 7), and `can` stays the one question
# pages, API and services ask. A rule receives the action as a string: features name their own actions.
Rule = Callable[[Any, str, Any], bool]
RULES: dict[type[Model], Rule] = {}


def register_rule(model: type[Model], rule: Rule) -> None:
    """Let `can` decide on instances of `model` (a feature's record) with `rule(user, action, obj)`."""
    RULES[model] = rule


def _registered_rule(obj: object) -> Rule | None:
    for model in type(obj).__mro__:
        rule = RULES.get(model)
        if rule is not None:
            return rule
    return None


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """Tell whether `user` may take `action` on `obj` (a structure, a territory, a feature's record)."""
    rule = _registered_rule(obj) if obj is not None else None
    if rule is not None:
        if user is None or not user.is_authenticated or not user.is_active:
            return str(action) == Action.VIEW and rule(user, str(action), obj)
        return bool(user.is_superuser) or rule(user, str(action), obj)
    action = Action(action)
    if action == Action.VIEW:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if isinstance(obj, Structure):
        return _can_on_structure(user, action, obj)
    if isinstance(obj, Territory):
        return action in PERIMETER_ACTIONS and coordinates_territory(user, obj)
    return False


def _can_on_structure(user: Any, action: Action, structure: Structure) -> bool:
    if action == Action.PROPOSE:
        return True
    if action == Action.EXPORT_PERIMETER or action == Action.RUN_CAMPAIGN:
        return coordinates_network(user, structure)
    role = member_role(user, structure)
    if role == MemberRole.MANAGER and action in MANAGER_ACTIONS:
        return True
    if role == MemberRole.MEMBER and action in MEMBER_ACTIONS:
        return True
    return action in MODERATOR_ACTIONS and moderates(user, structure)


def member_role(user: Any, structure: Structure) -> MemberRole | None:
    """Return the user's role in the structure, or None."""
    role = (
        StructureMembership.objects.filter(user=user, structure=structure)
        .values_list("role", flat=True)
        .first()
    )
    return MemberRole(role) if role else None


def coordinates_network(user: Any, network: Structure) -> bool:
    """Tell whether the user coordinates this network."""
    return NetworkCoordinator.objects.filter(user=user, network=network).exists()


def coordinates_territory(user: Any, territory: Territory) -> bool:
    """Tell whether the user coordinates this territory or a territory holding all of it."""
    if TerritoryCoordinator.objects.filter(user=user, territory=territory).exists():
        return True
    # A coordinator of a région coordinates its départements and EPCI: every commune of `territory`
    # lies within one of the user's territories.
    communes = TerritoryCommune.objects.filter(territory=territory).values("commune_id")
    coordinated = TerritoryCoordinator.objects.filter(user=user).values("territory_id")
    if not coordinated.exists():
        return False
    total = communes.count()
    if total == 0:
        return False
    covered = (
        TerritoryCommune.objects.filter(territory_id__in=coordinated, commune_id__in=communes)
        .values("commune_id")
        .distinct()
        .count()
    )
    return covered == total


def moderates(user: Any, structure: Structure) -> bool:
    """Tell whether the structure is in one of the user's coordination perimeters."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return moderated_structures(user).filter(pk=structure.pk).exists()


def decides_membership_of(user: Any, network: Structure) -> bool:
    """Tell whether the user accepts or refuses declarations of membership of this network.

    The network's coordinators; the site's staff for a network nobody coordinates yet.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    coordinators = NetworkCoordinator.objects.filter(network=network)
    if coordinators.filter(user=user).exists():
        return True
    return bool(user.is_staff) and not coordinators.exists()


def moderated_structures(user: Any) -> QuerySet[Structure]:
    """Return the structures the user moderates as a network or territory coordinator (not as admin)."""
    networks = NetworkCoordinator.objects.filter(user=user).values("network_id")
    members = Relation.objects.current().member_of().filter(target_id__in=networks).values("source_id")
    territories = TerritoryCoordinator.objects.filter(user=user).values("territory_id")
    communes = TerritoryCommune.objects.filter(territory_id__in=territories).values("commune_id")
    return Structure.objects.filter(Q(pk__in=networks) | Q(pk__in=members) | Q(commune_id__in=communes))


def moderators_of(structure: Structure) -> QuerySet[Any]:
    """Return the active users who moderate the structure (network and territory coordinators)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415 (the user model is resolved late)

    networks = Relation.objects.current().member_of().filter(source=structure).values("target_id")
    territories = TerritoryCommune.objects.filter(commune_id=structure.commune_id).values("territory_id")
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(network_roles__network=structure)
            | Q(network_roles__network_id__in=networks)
            | Q(territory_roles__territory_id__in=territories)
        )
        .distinct()
    )


def managers_of(structure: Structure) -> QuerySet[Any]:
    """Return the active users who manage the structure."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    return get_user_model().objects.filter(
        is_active=True, memberships__structure=structure, memberships__role=MemberRole.MANAGER
    )
