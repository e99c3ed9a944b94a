"""The mail a person receives when given a role: what it allows, the second factor, where to start."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from maillage import french
from maillage.accounts.emails import send_after_commit
from maillage.memberships.enums import RoleKind
from maillage.memberships.models import RoleEvent
from maillage.territories.names import of_territory

COORDINATIONS = frozenset({RoleKind.NETWORK_COORDINATOR, RoleKind.TERRITORY_COORDINATOR})
ALLOWS = {
    RoleKind.MEMBER: [
        "modifier directement la fiche de la structure (vos modifications sont publiées aussitôt) ;",
        "déclarer ses relations, ses réseaux et ses chiffres clés ;",
        "répondre pour elle aux enquêtes de besoins.",
    ],
    RoleKind.MANAGER: [
        "modifier directement la fiche de la structure (vos modifications sont publiées aussitôt) ;",
        "inviter les personnes de votre équipe, changer leur rôle ou les retirer ;",
        "décider des modifications et des revendications que d'autres proposent pour la fiche ;",
        "répondre pour elle aux enquêtes de besoins.",
    ],
    RoleKind.NETWORK_COORDINATOR: [
        "examiner les demandes (modifications, créations, revendications) des structures membres du réseau ;",
        "confirmer ou écarter les adhésions que des structures déclarent ;",
        "tenir les fiches à jour : fiches à confirmer, doublons présumés à fusionner ;",
        "mener des enquêtes de besoins et exporter la liste des structures membres.",
    ],
    RoleKind.TERRITORY_COORDINATOR: [
        "examiner les demandes (modifications, créations, revendications) des structures du territoire ;",
        "tenir les fiches à jour : fiches à confirmer, doublons présumés à fusionner ;",
        "mener des enquêtes de besoins auprès des structures du territoire.",
    ],
    RoleKind.ACCOMPANIMENT_OFFICER: ["ouvrir et suivre les accompagnements de la structure, confidentiels."],
    RoleKind.CONSULTANT: ["consulter les actions d'accompagnement qui vous sont confiées, et elles seules."],
    RoleKind.RESOURCE_CENTRE: ["consulter les chiffres de l'accompagnement, jamais un dossier non partagé."],
}


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def _url(base: str, name: str, *args: object) -> str:
    try:
        return base + reverse(name, args=args)
    except NoReverseMatch:  # a page of a feature app this site does not serve
        return ""


def _links(event: RoleEvent, base: str) -> list[Link]:
    """Return where to start, most useful first."""
    role = RoleKind(event.role)
    found = [Link("Mon espace", _url(base, "accounts:dashboard"))]
    if role in COORDINATIONS:
        found += [
            Link("Les demandes à examiner", _url(base, "contributions:moderation")),
            Link("Les fiches à confirmer", _url(base, "upkeep:stale")),
            Link("Les doublons présumés", _url(base, "upkeep:duplicates")),
            Link("La double authentification", _url(base, "accounts:otp_setup")),
        ]
    elif event.structure is not None:
        found.append(Link("Modifier la fiche", _url(base, "contributions:edit", event.structure.slug)))
        if role == RoleKind.MANAGER:
            found.append(Link("L'équipe", _url(base, "contributions:members", event.structure.slug)))
    return [link for link in found if link.url]


def _of_object(event: RoleEvent) -> str:
    """Return "du Fil", "de la Loire": the object of the role, joined to "de"."""
    if event.structure is not None:
        return french.of(event.structure.name)
    return of_territory(event.territory) if event.territory is not None else ""


def role_mail_context(event: RoleEvent, site_url: str = "") -> dict[str, object]:
    """Return what the role mail says, as the template reads it."""
    base = (site_url or settings.SITE_URL).rstrip("/")
    role = RoleKind(event.role)
    return {
        "user": event.person,
        "role": role.label.lower(),
        "object": _of_object(event),
        "allows": ALLOWS[role],
        "second_factor": role in COORDINATIONS,
        "links": _links(event, base),
        "actor_role": event.actor_role,
    }


def tell_role_granted(event: RoleEvent, site_url: str = "") -> None:
    """Mail the person the role just given to them, once the transaction commits."""
    if not event.person.is_active or not event.person.email:
        return
    send_after_commit(
        to=[event.person.email],
        subject=f"Votre rôle : {RoleKind(event.role).label.lower()} {_of_object(event)}",
        template="emails/accounts_role_granted.txt",
        context=role_mail_context(event, site_url),
    )
