"""What a moderator needs beside a request: who the claimant is to the structure, who manages it now,
whether SIRENE knows its SIRET, and look-alike records. Built for a whole page of requests in five queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.search.normalize import search_key
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure

SIRENE = "sirene"
MAX_LOOK_ALIKES = 5
# INSEE's public page of an establishment, for a SIRET the imported stock does not hold.
ANNUAIRE_ENTREPRISES = "https://annuaire-entreprises.data.gouv.fr/etablissement/{siret}"


@dataclass(frozen=True)
class SirenePresence:
    """What the imported SIRENE stock says of a SIRET, as a sentence and a link to check it elsewhere."""

    text: str
    found: bool | None  # None: nothing to check, or nothing imported to check against
    check_url: str = ""


@dataclass
class CardContext:
    """The context of one request's card."""

    claimant: str = ""
    managers: list[str] = field(default_factory=list)
    sirene: SirenePresence | None = None
    look_alikes: list[Structure] = field(default_factory=list)


def _siret(request: ChangeRequest) -> str:
    if request.kind == RequestKind.CREATE:
        return str(request.proposed.get("siret") or "")
    return request.structure.siret if request.structure is not None else ""


def _name_and_commune(request: ChangeRequest) -> tuple[str, str]:
    if request.kind == RequestKind.CREATE:
        return search_key(str(request.proposed.get("name") or "")), str(request.proposed.get("commune") or "")
    structure = request.structure
    return (structure.search_name, structure.commune_id or "") if structure is not None else ("", "")


def _from_sirene(structure: Structure) -> bool:
    if structure.source == DataSource.SIRENE:
        return True
    entries = (structure.field_sources or {}).values()
    return any(isinstance(entry, dict) and entry.get("source") == SIRENE for entry in entries)


def _claimant(role: str | None, kind: str) -> str:
    if role == MemberRole.MANAGER:
        return "L'auteur gère déjà cette structure."
    if role == MemberRole.MEMBER:
        return "L'auteur est déjà membre de l'équipe de cette structure (sans la gérer)."
    if kind == RequestKind.CLAIM:
        return "L'auteur n'a encore aucun rôle dans cette structure."
    return "L'auteur n'est pas membre de l'équipe de cette structure."


def _sirene(siret: str, holder: Structure | None, run: ImportRun | None) -> SirenePresence:
    if not siret:
        return SirenePresence("Pas de SIRET indiqué : rien à vérifier dans SIRENE.", None)
    check = ANNUAIRE_ENTREPRISES.format(siret=siret)
    if run is None:
        return SirenePresence(
            f"SIRET {siret} : aucun stock SIRENE n'est encore importé, il n'a pas pu être vérifié.",
            None,
            check,
        )
    when = (run.finished_at or run.started_at).strftime("%d/%m/%Y")
    if holder is not None and _from_sirene(holder):
        return SirenePresence(f"SIRET {siret} présent dans le stock SIRENE importé le {when}.", True)
    return SirenePresence(
        f"SIRET {siret} absent du stock SIRENE importé le {when}, qui ne garde que les établissements "
        "culturels de l'économie sociale et solidaire : vérifiez-le dans l'annuaire des entreprises.",
        False,
        check,
    )


def card_contexts(requests: Sequence[ChangeRequest]) -> dict[int, CardContext]:
    """Return each request's context, by its id, in at most five queries whatever the page's size."""
    if not requests:
        return {}
    structure_ids = {r.structure_id for r in requests if r.structure_id is not None}
    authors = {r.author_id for r in requests if r.author_id is not None}
    roles: dict[tuple[int, int], str] = {}
    managers: dict[int, list[str]] = defaultdict(list)
    if structure_ids:
        rows = (
            StructureMembership.objects.filter(structure_id__in=structure_ids)
            .filter(Q(role=MemberRole.MANAGER) | Q(user_id__in=authors))
            .select_related("user")
            .order_by("structure_id", "user__display_name", "pk")
        )
        for row in rows:
            roles[(row.structure_id, row.user_id)] = row.role
            if row.role == MemberRole.MANAGER:
                managers[row.structure_id].append(row.user.display_name or "compte sans nom affiché")
    sirets = {siret for r in requests if (siret := _siret(r))}
    holders: dict[str, Structure] = {}
    run = None
    if sirets:
        run = (
            ImportRun.objects.filter(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
            .order_by("-finished_at", "-pk")
            .only("pk", "started_at", "finished_at")
            .first()
        )
        found = (
            Structure.objects.filter(siret__in=sirets)
            .select_related("commune")
            .only("pk", "siret", "source", "field_sources", "name", "slug", "commune_id", "commune__name")
        )
        holders = {s.siret: s for s in found}
    keys = {_name_and_commune(r) for r in requests}
    wanted = Q()
    for name, commune in keys:
        if name and commune:
            wanted |= Q(search_name=name, commune_id=commune)
    alike: dict[tuple[str, str], list[Structure]] = defaultdict(list)
    if wanted:
        rows_alike = (
            Structure.objects.filter(wanted, withdrawn_at__isnull=True)
            .select_related("commune")
            .only("pk", "name", "slug", "search_name", "commune_id", "commune__name")
            .order_by("name", "pk")
        )
        for structure in rows_alike:
            alike[(structure.search_name, structure.commune_id or "")].append(structure)
    contexts: dict[int, CardContext] = {}
    for r in requests:
        context = CardContext()
        if r.structure_id is not None:
            context.claimant = _claimant(roles.get((r.structure_id, r.author_id or 0)), r.kind)
            context.managers = managers.get(r.structure_id, [])
        siret = _siret(r)
        context.sirene = _sirene(siret, holders.get(siret), run)
        others: list[Any] = [s for s in alike.get(_name_and_commune(r), []) if s.pk != r.structure_id]
        # A creation whose SIRET the directory already holds is the surest look-alike of all.
        holder = holders.get(siret) if r.kind == RequestKind.CREATE else None
        if holder is not None and all(s.pk != holder.pk for s in others):
            others.insert(0, holder)
        context.look_alikes = others[:MAX_LOOK_ALIKES]
        contexts[r.pk] = context
    return contexts
