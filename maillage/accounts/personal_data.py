"""What each app holds about a person: one registry for the JSON export and for account deletion (GDPR).

Every app that stores something about a user registers a section from its AppConfig.ready():

    personal_data.register(PersonalDataSection("contributions", export=..., erase=...))

`export(user)` returns JSON-ready data; `erase(user)` removes or anonymises it (history included), before
the account itself is deleted. Structures' public records are not personal data and stay.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from maillage.accounts.emails import send_after_commit

SECTIONS: dict[str, "PersonalDataSection"] = {}
# The accounts app's own sections, listed first in the export.
ACCOUNT_SECTIONS = ("account", "memberships", "coordination", "login_attempts", "api_tokens")


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


def register(section: PersonalDataSection) -> None:
    """Add an app's section to the export and deletion of accounts."""
    SECTIONS[section.key] = section


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _nothing_to_erase(user: Any) -> None:
    """Leave the rows to the deletion of the account, which cascades to them."""


def export_account(user: Any) -> dict[str, Any]:
    """Return the account's own fields."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "name_is_public": user.name_is_public,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_confirmed_at": _iso(user.email_confirmed_at),
        "is_staff": user.is_staff,
    }


def export_login_attempts(user: Any) -> list[dict[str, Any]]:
    """Return the logged attempts to log in with the user's address (kept 30 days)."""
    from maillage.accounts.models import LoginAttempt  # noqa: PLC0415 (models load after the registry)

    return [
        {"at": _iso(a.created_at), "ip_address": a.ip_address, "succeeded": a.succeeded}
        for a in LoginAttempt.objects.filter(email__iexact=user.email).order_by("-created_at")
    ]


def export_api_tokens(user: Any) -> list[dict[str, Any]]:
    """Return the user's API keys as listed on their page: never the hashes."""
    from maillage.accounts.models import ApiToken  # noqa: PLC0415

    return [
        {
            "name": t.name,
            "prefix": t.prefix,
            "scopes": list(t.scopes),
            "created_at": _iso(t.created_at),
            "last_used_at": _iso(t.last_used_at),
            "expires_at": _iso(t.expires_at),
            "revoked_at": _iso(t.revoked_at),
        }
        for t in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
    ]


def export_memberships(user: Any) -> list[dict[str, Any]]:
    """Return the structures the user acts for, and in which role."""
    from maillage.memberships.models import StructureMembership  # noqa: PLC0415

    return [
        {
            "structure": m.structure.name,
            "structure_id": m.structure.slug,
            "role": m.role,
            "since": _iso(m.created_at),
        }
        for m in StructureMembership.objects.filter(user=user).select_related("structure").order_by("pk")
    ]


def export_coordination(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Return the networks and territories the user coordinates."""
    from maillage.memberships.models import NetworkCoordinator, TerritoryCoordinator  # noqa: PLC0415

    networks = NetworkCoordinator.objects.filter(user=user).select_related("network").order_by("pk")
    territories = (
        TerritoryCoordinator.objects.filter(user=user)
        .select_related("territory", "organisation")
        .order_by("pk")
    )
    return {
        "networks": [
            {"network": c.network.name, "network_id": c.network.slug, "since": _iso(c.created_at)}
            for c in networks
        ],
        "territories": [
            {
                "territory": c.territory.name,
                "territory_id": c.territory_id,
                "on_behalf_of": c.organisation.name if c.organisation else None,
                "since": _iso(c.created_at),
            }
            for c in territories
        ],
    }


def register_core_sections() -> None:
    """Register the roles the accounts app knows of: memberships, coordination and the role log."""
    # Registered here rather than by memberships, which must not import accounts (accounts reads roles).
    from maillage.memberships.personal_data import role_log_erase, role_log_export  # noqa: PLC0415

    register(PersonalDataSection("memberships", export=export_memberships, erase=_nothing_to_erase))
    register(PersonalDataSection("coordination", export=export_coordination, erase=_nothing_to_erase))
    register(PersonalDataSection("role_log", export=role_log_export, erase=role_log_erase))


def export_user_data(user: Any) -> dict[str, Any]:
    """Return everything held about `user`, section by section, ready for json.dumps."""
    data: dict[str, Any] = {
        "account": export_account(user),
        "login_attempts": export_login_attempts(user),
        "api_tokens": export_api_tokens(user),
    }
    for key, section in SECTIONS.items():
        if key not in data:
            data[key] = section.export(user)
    order = {key: position for position, key in enumerate(ACCOUNT_SECTIONS)}
    return dict(sorted(data.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def sole_managed_structures(user: Any) -> QuerySet[Any]:
    """Return the structures the user is the only manager of (they would be left without one)."""
    from maillage.memberships.enums import MemberRole  # noqa: PLC0415
    from maillage.memberships.models import StructureMembership  # noqa: PLC0415
    from maillage.structures.models import Structure  # noqa: PLC0415

    managed = StructureMembership.objects.filter(user=user, role=MemberRole.MANAGER).values("structure_id")
    # The subquery, not a filter on the join: a filtered join would make every count 1.
    return (
        Structure.objects.filter(pk__in=managed)
        .annotate(managers=Count("memberships", filter=Q(memberships__role=MemberRole.MANAGER)))
        .filter(managers=1)
        .order_by("name")
        .only("name", "slug")
    )


@transaction.atomic
def delete_account(user: Any) -> None:
    """Erase what every app holds about the user, the login attempts, then the account itself."""
    from maillage.accounts.models import LoginAttempt  # noqa: PLC0415

    email = user.email
    for section in SECTIONS.values():
        section.erase(user)
    LoginAttempt.objects.filter(email__iexact=email).delete()
    # Memberships, roles and API keys cascade; other apps' links to the user are set to NULL, their
    # erase() having scrubbed the free text that could name the person.
    user.delete()
    send_after_commit(
        to=[email],
        subject="Votre compte a été supprimé",
        template="emails/data_account_deleted.txt",
        context={"email": email},
    )
