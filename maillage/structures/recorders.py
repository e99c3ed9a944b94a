"""Where the directory's writes are traced: the history app registers its recorder at start-up.

structures sits below history (ADR 7): its services describe each change and hand it to the recorder
that `maillage.history` registers in its AppConfig.ready(), instead of importing history. Without a
recorder (history not installed) writes simply leave no trace.
"""

from __future__ import annotations

from typing import Any

# A recorder offers revision_record_structure, revision_record_relation and revision_record_key_figure,
# taking the keyword arguments the services pass (history.services is the one registered).
_recorders: dict[str, Any] = {}


def register_recorder(name: str, recorder: Any) -> None:
    """Have `recorder` trace every write of the structures services."""
    _recorders[name] = recorder


def revision_record_structure(**change: Any) -> None:
    """Hand a structure's creation or update to every registered recorder."""
    for recorder in _recorders.values():
        recorder.revision_record_structure(**change)


def revision_record_relation(**change: Any) -> None:
    """Hand a relation's change to every registered recorder."""
    for recorder in _recorders.values():
        recorder.revision_record_relation(**change)


def revision_record_key_figure(**change: Any) -> None:
    """Hand a key figure's change to every registered recorder."""
    for recorder in _recorders.values():
        recorder.revision_record_key_figure(**change)


def revision_record_structure_erased(**change: Any) -> None:
    """Hand a structure about to be erased (deleted for good) to every registered recorder."""
    for recorder in _recorders.values():
        recorder.revision_record_structure_erased(**change)
