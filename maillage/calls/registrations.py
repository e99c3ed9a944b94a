"""What the calls register into core: permissions, personal data, merges, the graph's conflict sources."""

from __future__ import annotations

from typing import Any

from maillage.accounts.personal_data import PersonalDataSection, register
from maillage.calls.conflicts import register_conflict_source, register_graph_sources, source_from_batch
from maillage.calls.enums import ApplicationState
from maillage.calls.models import Application, Call
from maillage.calls.personal_data import calls_erase, calls_export
from maillage.calls.rules import application_rule, call_rule
from maillage.calls.services import record_event
from maillage.history.merge import register_merge_participant
from maillage.initiatives.selectors import shared_fiches
from maillage.memberships.rules import register_rule


def move_applications(*, keep: Any, duplicate: Any, actor: Any = None) -> None:
    """Point the applications and organised calls of a merged duplicate at the structure kept.

    Where both applied to the same call, the kept structure's application stands and the duplicate's is
    withdrawn (kept whole, with the reason in its history): one live application per structure and call.
    """
    live = Application.objects.exclude(state=ApplicationState.WITHDRAWN)
    both = live.filter(structure=duplicate, call__in=live.filter(structure=keep).values("call_id"))
    for application in both:
        old = application.state
        Application.objects.filter(pk=application.pk).update(state=ApplicationState.WITHDRAWN)
        record_event(application, actor, "state", old, ApplicationState.WITHDRAWN, "Fusion avec un doublon")
    Application.objects.filter(structure=duplicate).update(structure=keep)
    for call in Call.objects.filter(organisers=duplicate):
        call.organisers.remove(duplicate)
        call.organisers.add(keep)


def register_all() -> None:
    register_rule(Call, call_rule)
    register_rule(Application, application_rule)
    register(PersonalDataSection("appels", export=calls_export, erase=calls_erase))
    register_merge_participant("calls.move_applications", move_applications)
    register_graph_sources()
    register_conflict_source(
        "fiche_partners", source_from_batch(fiche_partner_batch), batch=fiche_partner_batch
    )


def fiche_partner_batch(structure_ids: set[int], applicant_ids: set[int]) -> dict[tuple[int, int], list[str]]:
    """Find reviewers' structures that carry or partner a published initiative fiche with an applicant."""
    return {
        pair: [f"Partenaires dans la fiche d'initiative « {title} »." for title in titles]
        for pair, titles in shared_fiches(structure_ids, applicant_ids).items()
    }
