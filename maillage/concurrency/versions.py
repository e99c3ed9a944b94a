"""Optimistic concurrency: each editable record carries a version, and a write names the one it read.

A write is one conditional UPDATE of the fields that change, `… SET …, version = version + 1 WHERE id = %s
AND version = %s`: the database decides, and when someone else wrote first no row matches and the writer
gets StaleWriteError with the record as it is now. Nothing is ever saved from a stale copy of a whole row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F


def version_field() -> models.PositiveIntegerField[int, int]:
    """Return the version column of an editable record: 1 at creation, one more at every write."""
    return models.PositiveIntegerField(
        "version", default=1, editable=False, help_text="Augmente à chaque modification."
    )


class StaleWriteError(ValidationError):
    """Someone else changed the record since the version the writer read; nothing was written.

    A ValidationError, so that every page and form that reports a service's refusals reports this one too,
    in French, instead of failing; pages that can show what changed catch it first.
    """

    def __init__(self, *, current: models.Model | None, expected_version: int | None) -> None:
        self.current = current
        self.expected_version = expected_version
        self.current_version: int | None = getattr(current, "version", None)
        if current is None:
            message = "Cette fiche a été supprimée entre-temps : rien n'a été enregistré."
        else:
            message = (
                f"« {current} » a été modifiée par quelqu'un d'autre depuis que vous l'avez ouverte "
                "(version {} puis {}) : rien n'a été enregistré.".format(
                    expected_version, self.current_version
                )
            )
        super().__init__(message, code="stale")


def check_version(instance: models.Model, expected_version: int | None) -> None:
    """Raise StaleWriteError if the record just read is not at the expected version (None: no check)."""
    if expected_version is not None and instance.version != expected_version:  # type: ignore[attr-defined]
        raise StaleWriteError(current=instance, expected_version=expected_version)


def versioned_update(instance: models.Model, *, expected_version: int, fields: Iterable[str]) -> int:
    """Write the given fields of `instance` if its row is still at `expected_version`; return the new one."""
    model = type(instance)
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in fields or getattr(field, "auto_now", False):
            # pre_save stores an uploaded file and stamps auto_now dates, as save() would.
            values[field.name] = field.pre_save(instance, add=False)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1
    )
    if updated == 0:
        raise StaleWriteError(
            current=model._default_manager.filter(pk=instance.pk).first(), expected_version=expected_version
        )
    instance.version = expected_version + 1  # type: ignore[attr-defined]
    return expected_version + 1
