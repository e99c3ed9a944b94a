"""What the calls register into core: permissions, personal data, merges, the graph's conflict sources."""

from __future__ import annotations

from typing import Any

from maillage.accounts.personal_data import PersonalDataSection, register
from maillage.calls.conflicts import register_graph_sources
from maillage.calls.models import Application, Call
from maillage.calls.personal_data import calls_erase, calls_export
from maillage.calls.rules import application_rule, call_rule
from maillage.history.merge import register_merge_participant
from maillage.memberships.rules import register_rule


def move_applications(*, keep: Any, duplicate: Any, actor: Any = None) -> None:
    """Point the applications and organised calls of a merged duplicate at the structure kept."""
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
