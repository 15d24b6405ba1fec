"""The first rows of a list and how many rows it has, in one query."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Count, Model, QuerySet, Window

M = TypeVar("M", bound=Model)


def first_and_count(qs: QuerySet[M], limit: int) -> tuple[list[M], int]:
    """The first `limit` rows of the ordered `qs` and its number of rows: one query on PostgreSQL and
    SQLite alike (a window count is computed over every row before the limit applies)."""
    return rows_and_count(list(counted(qs, limit)))


def counted(qs: QuerySet[M], limit: int) -> QuerySet[Any]:
    """first_and_count's query, for a prepared query (core.lib.prepared) to compile once."""
    return qs.annotate(row_total=Window(Count("pk")))[:limit]


def rows_and_count(rows: list[Any]) -> tuple[list[Any], int]:
    """The rows of a `counted` query and the number the window counted."""
    return rows, rows[0].row_total if rows else 0
