"""What the history holds about a person: the changes they authored, exported or anonymised."""

from typing import Any

from maillage.history.models import MergedStructure, Revision


def history_export(user: Any) -> dict[str, Any]:
    """Return the revisions and merges the person authored, as JSON-ready data."""
    revisions = Revision.objects.filter(author=user).order_by("created_at", "id")
    merges = MergedStructure.objects.filter(author=user).select_related("into").order_by("merged_at")
    return {
        "modifications": [
            {
                "date": revision.created_at.isoformat(),
                "fiche": revision.object_repr,
                "type_de_fiche": revision.get_record_type_display(),
                "action": revision.get_action_display(),
                "au_titre_de": revision.author_role,
                "par": revision.get_via_display(),
                "commentaire": revision.comment,
                "changements": revision.changes,
            }
            for revision in revisions
        ],
        "fusions": [
            {
                "date": merge.merged_at.isoformat(),
                "ancienne_fiche": merge.old_name,
                "fusionnee_dans": str(merge.into),
            }
            for merge in merges
        ],
    }


def history_erase(user: Any) -> None:
    """Detach the person from the changes they made: their role stays, their name and comments go."""
    # The changes themselves describe structures, not the person: they stay, anonymised.
    Revision.objects.filter(author=user).update(author=None, comment="")
    MergedStructure.objects.filter(author=user).update(author=None)
