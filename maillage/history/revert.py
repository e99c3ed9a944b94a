"""Undo a revision: put back the values it replaced, unless someone changed them again since."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import formats, timezone

from maillage.history.enums import RecordType, RevisionAction, Via
from maillage.history.models import Revision
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.structures import relation_services, services
from maillage.structures.models import Discipline, KeyFigure, Label, Relation, Structure
from maillage.structures.snapshots import (
    EMPTY_VALUES,
    LIST_LABELS,
    STRUCTURE_LISTS,
    key_figure_snapshot,
    model_field,
    relation_snapshot,
    structure_snapshot,
)
from maillage.territories.models import Territory

# What undoing a revision does to its record, by the action the revision took.
OPPOSITES = {RevisionAction.CREATE: RevisionAction.DELETE, RevisionAction.DELETE: RevisionAction.CREATE}


@transaction.atomic
def revision_revert(*, revision: Revision, actor: Any, comment: str = "") -> Revision:
    """Restore the values a revision replaced, as a new revision that says which one it undoes."""
    structure = revision.structure
    if structure is None:
        raise ValidationError("Cette fiche n'existe plus : la modification ne peut pas être annulée.")
    if not can(actor, Action.MODERATE, structure):
        raise PermissionDenied("Seuls les coordinateurs de cette structure peuvent rétablir une version.")
    if revision.action in (RevisionAction.MERGE, RevisionAction.CONFIRM):
        raise ValidationError(
            f"Une {revision.get_action_display().lower()} ne s'annule pas depuis l'historique."
        )
    moment = formats.date_format(timezone.localtime(revision.created_at), "j F Y à H:i")
    comment = comment or f"Rétablit la version d'avant la modification du {moment}."
    if revision.record_type == RecordType.STRUCTURE:
        _revert_structure(structure, revision, actor, comment)
    elif revision.record_type == RecordType.RELATION:
        _revert_relation(revision, actor, comment)
    else:
        _revert_key_figure(structure, revision, actor, comment)
    undo = revision.reverted_by.order_by("-id").first()
    if undo is None:
        raise ValidationError("Les valeurs d'avant sont déjà celles de la fiche : rien à rétablir.")
    return undo


def _same(current: Any, expected: Any) -> bool:
    return current == expected or (current in EMPTY_VALUES and expected in EMPTY_VALUES)


def _field_label(model: type[models.Model], name: str) -> str:
    if name in LIST_LABELS and model is Structure:
        return LIST_LABELS[name]
    field = model_field(model, name)
    return str(field.verbose_name) if field is not None else name


def _check_unchanged(model: type[models.Model], revision: Revision, current: dict[str, Any]) -> None:
    """Refuse when a field the revision set holds another value now: undoing would lose that change."""
    changed = [
        name
        for name, change in revision.changes.items()
        if name in current and not _same(current[name], change["new"])
    ]
    if changed:
        names = ", ".join(f"« {_field_label(model, name)} »" for name in changed)
        verb = "ont été modifiés" if len(changed) > 1 else "a été modifié"
        raise ValidationError(
            f"Impossible de rétablir cette version : {names} {verb} depuis. "
            "Rétablissez d'abord les modifications plus récentes."
        )


def _python_value(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None and not field.null:
        value = "" if isinstance(field, models.CharField | models.TextField | models.FileField) else None
        if value is None:
            return field.get_default()
    return field.to_python(value)


def _old_fields(
    model: type[models.Model], revision: Revision, *, skip: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Return the revision's old values as a service takes them: foreign keys by id, typed values."""
    fields: dict[str, Any] = {}
    for name, change in revision.changes.items():
        if name in skip or (model is Structure and name in STRUCTURE_LISTS):
            continue
        field = model_field(model, name)
        if field is None:
            raise ValidationError(
                f"Le champ « {name} » n'existe plus : cette version ne peut pas être rétablie."
            )
        if field.many_to_one:
            fields[field.attname] = change["old"]
        else:
            fields[name] = _python_value(field, change["old"])
    return fields


def _old_lists(revision: Revision) -> dict[str, list[Any]]:
    lists: dict[str, list[Any]] = {}
    finders: dict[str, tuple[type[models.Model], str]] = {
        "disciplines": (Discipline, "slug"),
        "labels": (Label, "name"),
        "territories_served": (Territory, "pk"),
    }
    for name in STRUCTURE_LISTS:
        if name not in revision.changes:
            continue
        keys = revision.changes[name]["old"] or []
        if name == "activities":
            lists[name] = list(keys)
            continue
        model, key = finders[name]
        found = list(model._default_manager.filter(**{f"{key}__in": keys}))
        if len(found) != len(keys):
            raise ValidationError(
                f"Impossible de rétablir « {LIST_LABELS[name]} » : une valeur d'alors n'existe plus."
            )
        lists[name] = found
    return lists


def _revert_structure(structure: Structure, revision: Revision, actor: Any, comment: str) -> None:
    if _effective_action(revision) == RevisionAction.CREATE:
        raise ValidationError(
            "La création d'une fiche ne s'annule pas : indiquez qu'elle a fermé, "
            "ou fusionnez-la avec son doublon."
        )
    structure.refresh_from_db()
    lists = tuple(name for name in STRUCTURE_LISTS if name in revision.changes)
    _check_unchanged(Structure, revision, structure_snapshot(structure, lists=lists))
    # The check above read this version: a write landing since makes the revert refuse, not overwrite.
    services.structure_update(
        structure=structure,
        expected_version=structure.version,
        actor=actor,
        via=Via.REVERT,
        comment=comment,
        reverts=revision,
        **_old_fields(Structure, revision),
        **_old_lists(revision),
    )


def _effective_action(revision: Revision) -> str:
    """Return what the revision did to its record: a revert of a creation deleted it, and so on."""
    flips = 0
    while revision.action == RevisionAction.REVERT and revision.reverts is not None:
        revision = revision.reverts
        flips += 1
    action = RevisionAction(revision.action)
    return OPPOSITES.get(action, action) if flips % 2 else action


def _revert_relation(revision: Revision, actor: Any, comment: str) -> None:
    relation = Relation.objects.filter(pk=revision.record_id).select_related("source", "target").first()
    action = _effective_action(revision)
    context = {"actor": actor, "via": Via.REVERT, "comment": comment, "reverts": revision}
    if action == RevisionAction.DELETE:
        if relation is not None:
            raise ValidationError("Cette relation existe déjà.")
        old = _old_fields(Relation, revision)
        source = Structure.objects.filter(pk=old.pop("source_id", None)).first()
        target_id = old.pop("target_id", None)
        target = Structure.objects.filter(pk=target_id).first() if target_id else None
        if source is None or (target_id and target is None):
            raise ValidationError("Impossible de rétablir cette relation : une des structures n'existe plus.")
        relation_services.relation_create(source=source, target=target, **old, **context)
        return
    if relation is None:
        raise ValidationError("Cette relation a été supprimée depuis : il n'y a plus rien à annuler.")
    _check_unchanged(Relation, revision, relation_snapshot(relation))
    if action == RevisionAction.CREATE:
        relation_services.relation_delete(relation=relation, expected_version=relation.version, **context)
    else:
        relation_services.relation_update(
            relation=relation,
            expected_version=relation.version,
            **_old_fields(Relation, revision),
            **context,
        )


def _revert_key_figure(structure: Structure, revision: Revision, actor: Any, comment: str) -> None:
    figure = KeyFigure.objects.filter(pk=revision.record_id).select_related("structure").first()
    action = _effective_action(revision)
    context = {"actor": actor, "via": Via.REVERT, "comment": comment, "reverts": revision}
    if action == RevisionAction.DELETE:
        if figure is not None:
            raise ValidationError("Ce chiffre existe déjà.")
        relation_services.key_figure_set(structure=structure, **_figure_values({}, revision), **context)
        return
    if figure is None:
        raise ValidationError("Ce chiffre a été supprimé depuis : il n'y a plus rien à annuler.")
    current = key_figure_snapshot(figure)
    _check_unchanged(KeyFigure, revision, current)
    if action == RevisionAction.CREATE:
        relation_services.key_figure_delete(figure=figure, expected_version=figure.version, **context)
    else:
        values = _figure_values(current, revision)
        same_figure = all(values.get(k) == getattr(figure, k) for k in ("year", "metric", "source_label"))
        relation_services.key_figure_set(
            structure=figure.structure,
            expected_version=figure.version if same_figure else None,
            **values,
            **context,
        )


def _figure_values(current: dict[str, Any], revision: Revision) -> dict[str, Any]:
    """Return key_figure_set's arguments: the current values with the revision's old ones over them."""
    values = {}
    for name, value in current.items():
        field = model_field(KeyFigure, name)
        if field is not None:
            values[name] = _python_value(field, value)
    values.update(_old_fields(KeyFigure, revision))
    names = ("year", "metric", "value", "source_label", "is_approximate", "qualifier", "note", "source_url")
    kept = {name: values[name] for name in names if name in values and values[name] is not None}
    kept["source_date"] = values.get("source_date")
    return kept
