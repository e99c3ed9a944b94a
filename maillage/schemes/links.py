"""The catalogue's links, checked by the link checker app: broken ones flagged to the porteurs' managers."""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.schemes.models import Scheme


def scheme_urls() -> Iterable[str]:
    """Return the source links of the published schemes, each once."""
    return Scheme.objects.visible().exclude(url_source="").values_list("url_source", flat=True).distinct()


@transaction.atomic
def flag_broken(url: str) -> None:
    """Mark the schemes behind a broken link and tell their porteurs' managers, once per breakage."""
    schemes = list(
        Scheme.objects.filter(url_source=url, url_broken_since__isnull=True).prefetch_related("porteurs")
    )
    Scheme.objects.filter(pk__in=[s.pk for s in schemes]).update(url_broken_since=timezone.now())
    for scheme in schemes:
        ids = [p.structure_id for p in scheme.porteurs.all() if p.structure_id]
        emails = StructureMembership.objects.filter(
            structure_id__in=ids, role=MemberRole.MANAGER, user__is_active=True
        ).values_list("user__email", flat=True)
        send_after_commit(
            to=list(emails),
            subject=f"Lien cassé : {scheme.title}",
            template="emails/schemes_link_broken.txt",
            context={"scheme": scheme, "url": url},
        )


def unflag_recovered(url: str) -> None:
    """Clear the flag of the schemes whose link answers again."""
    Scheme.objects.filter(url_source=url).update(url_broken_since=None)


def register_links() -> None:
    """Register the catalogue's links with the link checker (maillage.links), when installed."""
    registry = importlib.import_module("maillage.links.registry")
    registry.register_link_source(
        key="dispositifs", urls=scheme_urls, on_broken=flag_broken, on_recovered=unflag_recovered
    )
