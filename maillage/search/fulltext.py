"""Indexed full-text search over a `search_document` column, on SQLite (FTS5) and PostgreSQL (GIN).

Both databases index the same analysed text (`document()`): French stems plus the folded words, so
"theatres" finds "Théâtre" through the stem and "coopera" (typed so far) finds "Coopération" as a prefix.
Stemming happens in Python, so both backends rank and match alike.
"""

# Table names come from model metadata and code constants, never from input; queries are parameters.
# ruff: noqa: S608, S611

from __future__ import annotations

from typing import Any, cast

from django.db import connection
from django.db.models import BooleanField, F, Func, IntegerField, Model, QuerySet, Value
from django.db.models.expressions import RawSQL

from maillage.search.analyzer import STOP_WORDS, query_terms, stem
from maillage.search.normalize import search_key


def document(*parts: tuple[str, int]) -> str:
    """Return the text to index: each part's stems and folded words, repeated by its weight."""
    terms: list[str] = []
    for text, weight in parts:
        if not text:
            continue
        # Folded once: index_terms(text) would fold it again, the stems of these same words.
        words = [w for w in search_key(text).split() if w not in STOP_WORDS]
        stems = [stem(w) for w in words]
        terms += (stems + [w for w in words if w not in stems]) * weight
    return " ".join(terms)


def _fts5_expression(whole: list[str], last: str) -> str:
    # Terms are [a-z0-9] only (folded by search_key), so quoting is enough to keep FTS5 syntax out.
    clauses = [f'"{t}"' for t in whole]
    clauses.append(f'("{stem(last)}" OR "{last}"*)')
    return " AND ".join(clauses)


def _tsquery(whole: list[str], last: str) -> str:
    clauses = list(whole)
    clauses.append(f"({stem(last)} | {last}:*)")
    return " & ".join(clauses)


class _Matches(Func):
    """`to_tsvector('simple', document) @@ to_tsquery('simple', query)`: the GIN index's own expression."""

    arg_joiner = ") @@ to_tsquery('simple', "
    template = "(to_tsvector('simple', %(expressions)s))"
    output_field = BooleanField()


class _StoredVectorMatches(Func):
    """`<stored tsvector column> @@ to_tsquery('simple', query)`: the column beside the document, same row.

    The column is PostgreSQL's own (a generated column, not a model field: SQLite has FTS5 instead), so it
    is named from the document column's compiled reference, which carries whatever alias Django gave the
    table (inside a sub-query too).
    """

    output_field = BooleanField()

    def __init__(self, document: F, query: Value, *, column: str) -> None:
        super().__init__(document, query)
        self.column = column

    def as_sql(  # type: ignore[override]  # a fixed template: no function, template or joiner to take
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        document_sql, document_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        suffix = connection.ops.quote_name("search_document")
        if not document_sql.endswith(suffix):
            raise ValueError(f"not a reference to the document column: {document_sql}")
        vector_sql = document_sql[: -len(suffix)] + connection.ops.quote_name(self.column)
        return f"({vector_sql} @@ to_tsquery('simple', {query_sql}))", (*document_params, *query_params)


# PostgreSQL tables whose analysed text is also stored as a `tsvector` column the database computes
# (`stored_vector_sql`), matched through its own GIN index: testing the match on rows found another way (a
# département's structures by commune) reads the stored vector instead of analysing each row's 3 KB
# document again (q=compagnie in the Loire, 2,064 structures, issue 13). The bench turns this off.
STORED_VECTOR = True


# PostgreSQL tests the match on the rows it filters (one bitmap heap scan reads them once); the bench turns
# this off to measure a sub-query of matching ids (the previous way, its rows read twice) beside it.
DIRECT_MATCH = True


def filter_fulltext[M: Model](
    queryset: QuerySet[M],
    query: str,
    *,
    fts_table: str,
    vector_column: str | None = None,
    checked: bool = False,
    driving: bool = False,
) -> QuerySet[M]:
    """Keep the rows whose document matches every word of the query, the last one as a prefix.

    `vector_column`: the table's stored `tsvector` on PostgreSQL (see `stored_vector_sql`), if it has one.
    `checked`: other conditions select a few rows (ids, a range of names) and the match only tests them.
    `driving`: the matches are read first, in id order, and the statement stops at its LIMIT (SQLite; the
    queryset must not become a sub-query, whose table Django would rename).
    """
    whole, last = query_terms(query)
    if last is None:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql" and DIRECT_MATCH and vector_column and STORED_VECTOR:
        return queryset.filter(
            _StoredVectorMatches(F("search_document"), Value(_tsquery(whole, last)), column=vector_column)
        )
    if connection.vendor == "postgresql" and DIRECT_MATCH:
        # A condition on the filtered rows themselves (the column through F, so Django's aliases hold
        # inside sub-queries): q=theatre at 200,000 structures read 13,000 heap pages twice (65 → 101 ms).
        return queryset.filter(_Matches(F("search_document"), Value(_tsquery(whole, last))))
    # A sub-query of ids rather than a condition on the outer table: it stays valid when Django
    # aliases the table (inside another sub-query). SQLite's FTS5 table is read this way, or joined
    # (`driving`) where the table's own statement is the outermost one: its name is written out there.
    if connection.vendor == "postgresql":
        ids = RawSQL(
            f"SELECT id FROM {table} "
            "WHERE to_tsvector('simple', search_document) @@ to_tsquery('simple', %s)",
            [_tsquery(whole, last)],
        )
    else:
        ids = RawSQL(
            f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s", [_fts5_expression(whole, last)]
        )
        if driving:
            # A join read from the FTS5 table: its matches come in id order, one at a time, so the first
            # 2,001 of a broad search are found without gathering all of them first (the sub-query
            # below builds the whole list: "culture" 14.4 -> 6.5 ms, "theatre" 7.8 -> 1.6 ms).
            return queryset.extra(  # noqa: S610 (names from code; the query is a parameter)
                tables=[fts_table],
                where=[f"{fts_table}.rowid = {table}.id", f"{fts_table} MATCH %s"],
                params=[_fts5_expression(whole, last)],
            )
        if checked:
            # `+id`: SQLite may not drive the statement by the matches, only look the rows it selected up
            # in them. Driven by q=theatre's 44,000 matches, checking 100 ids took 28 ms; looked up, 7 ms.
            unindexed = Func(F("pk"), template="+%(expressions)s", output_field=IntegerField())
            checked_rows = queryset.alias(fulltext_checked_id=unindexed).filter(fulltext_checked_id__in=ids)
            return cast(QuerySet[M], checked_rows)  # the stubs lose the model's type through alias()
    return queryset.filter(pk__in=ids)


def create_index_sql(vendor: str, *, table: str, fts_table: str) -> list[str]:
    """Return the statements creating the full-text index of a table and keeping it in sync."""
    if vendor == "postgresql":
        return [
            f"CREATE INDEX {fts_table}_gin ON {table} USING gin (to_tsvector('simple', search_document))",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE VIRTUAL TABLE {fts_table} USING fts5(search_document, content='{table}', "
            f"content_rowid='id', tokenize='unicode61', prefix='2 3')",
            f"CREATE TRIGGER {fts_table}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts_table}(rowid, search_document) VALUES (new.id, new.search_document); END",
            f"CREATE TRIGGER {fts_table}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts_table}({fts_table}, rowid, search_document) "
            f"VALUES ('delete', old.id, old.search_document); END",
            f"CREATE TRIGGER {fts_table}_au AFTER UPDATE OF search_document ON {table} BEGIN "
            f"INSERT INTO {fts_table}({fts_table}, rowid, search_document) "
            f"VALUES ('delete', old.id, old.search_document); "
            f"INSERT INTO {fts_table}(rowid, search_document) VALUES (new.id, new.search_document); END",
            f"INSERT INTO {fts_table}({fts_table}) VALUES ('rebuild')",
        ]
    return []


def stored_vector_sql(vendor: str, *, table: str, fts_table: str, column: str) -> list[str]:
    """Return the statements storing a table's analysed text as a `tsvector` with its GIN index (PostgreSQL).

    A generated column: the database computes it on every write of the document, so no service, import
    or raw update can leave it behind. Stripped (no positions: nothing ranks by them), it adds about a
    tenth of the document's size. It replaces the index on the expression `create_index_sql` made.
    """
    if vendor != "postgresql":
        return []
    return [
        f"ALTER TABLE {table} ADD COLUMN {column} tsvector "
        f"GENERATED ALWAYS AS (strip(to_tsvector('simple', search_document))) STORED",
        f"CREATE INDEX {table}_{column}_gin ON {table} USING gin ({column})",
        *drop_index_sql(vendor, fts_table=fts_table),
    ]


def unstored_vector_sql(vendor: str, *, table: str, fts_table: str, column: str) -> list[str]:
    """Return the statements undoing stored_vector_sql (the expression's index made again)."""
    if vendor != "postgresql":
        return []
    return [
        *create_index_sql(vendor, table=table, fts_table=fts_table),
        f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}",
    ]


def drop_index_sql(vendor: str, *, fts_table: str) -> list[str]:
    """Return the statements undoing create_index_sql."""
    if vendor == "postgresql":
        return [f"DROP INDEX IF EXISTS {fts_table}_gin"]
    if vendor == "sqlite":
        return [
            *(f"DROP TRIGGER IF EXISTS {fts_table}_{suffix}" for suffix in ("ai", "ad", "au")),
            f"DROP TABLE IF EXISTS {fts_table}",
        ]
    return []


def recreate_index_operations(*, table: str, fts_table: str) -> list[Any]:
    """Return migration operations re-creating the index after Django remade `table` on SQLite.

    SQLite cannot alter most columns in place: Django copies the table into a new one, which drops its
    triggers, so the FTS5 index would silently stop following the table. Any migration that alters the
    indexed table ends with these operations (nothing to do on PostgreSQL).
    """
    from django.db import migrations  # noqa: PLC0415 (migrations only)

    def recreate(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor != "sqlite":
            # PostgreSQL alters a table in place: its index holds (and a table with a stored vector has
            # no index on the expression to make again).
            return
        for statement in [
            *drop_index_sql(vendor, fts_table=fts_table),
            *create_index_sql(vendor, table=table, fts_table=fts_table),
        ]:
            schema_editor.execute(statement)

    return [migrations.RunPython(recreate, recreate)]
