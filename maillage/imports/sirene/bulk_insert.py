"""Insert new structures and their discipline links in bulk, by one parameterised statement per batch."""

# Table and column names come from model metadata, never from input; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection, models

from maillage.structures.models import Structure


def _json_adapter(field: models.JSONField[Any]) -> Callable[[Any], Any]:
    return lambda value: field.get_db_prep_value(value, connection)


def insert_discipline_links(links: list[tuple[int, int]]) -> None:
    """Insert (structure id, discipline id) links with one parameterised statement, as insert_structures."""
    if not links:
        return
    table = connection.ops.quote_name(Structure.disciplines.through._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (structure_id, discipline_id) VALUES (%s, %s)",
            links,
        )


def insert_structures(structures: list[Structure], now: datetime.datetime) -> None:
    """Insert new structures with one parameterised statement per batch.

    What Structure.objects.bulk_create does, without its per-value compilation, which costs more than
    the insert itself (190 against 80 microseconds a row on SQLite, the full-text trigger included). The
    values are those of model instances built and indexed like the services' (slug, search fields); the
    database's constraints still check every row.
    """
    if not structures:
        return
    fields = [f for f in Structure._meta.concrete_fields if not f.primary_key]
    stamp = connection.ops.adapt_datetimefield_value(now)
    adapters: list[Callable[[Any], Any]] = []
    for field in fields:
        if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            adapters.append(lambda value: stamp)
        elif isinstance(field, models.DateTimeField):  # withdrawn_at, confirmed_at: None on a new record
            adapters.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            adapters.append(connection.ops.adapt_datefield_value)
        elif isinstance(field, models.FileField):  # the logo: its stored name, empty for SIRENE
            adapters.append(lambda value: value.name or "")
        elif isinstance(field, models.JSONField):  # provenance: serialised as the backend wants it
            adapters.append(_json_adapter(field))
        else:
            adapters.append(lambda value: value)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(Structure._meta.db_table)
    rows = [
        [adapt(getattr(s, f.attname)) for f, adapt in zip(fields, adapters, strict=True)] for s in structures
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
