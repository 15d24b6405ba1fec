"""Querysets of a fixed shape, compiled to SQL once per process and database and then run with new values.

Why: on the busiest pages (every request's session and login, the start page, the initiative list
and an initiative's page) Django's ORM spends more CPU building and compiling a query (0.2-1 ms)
than the database takes to answer it, and most of those queries differ from one request to the
next only in their values. `prepared(build)` calls `build` once with stand-in values, compiles the
queryset, finds where each stand-in went among the SQL's parameters and from then on runs that SQL
with the real values through Django's own iterables: model instances, select_related(),
annotations and values() come out exactly as from the queryset itself (prefetch_related() too, its
queries compiled as usual).

The rules for `build(*args)`: it returns a QuerySet and uses each argument only as a value that a
filter compares (never to choose between shapes of query, never None, no list for __in, no lookup
such as __contains that rewrites the value); each argument is an int, a str, a date or an aware
datetime; everything that varies between calls, today's date too, is an argument. An argument that
does not reach the parameters unchanged is refused when the query is first compiled, so a build
that breaks the rules fails its first test rather than returning another query's rows.

Keyword arguments are the shape, not values: `build` is compiled once for each value of them that
is used (a limit, say, which the SQL writes as a number), so there should be few such values.

The result is a list, not a queryset: a queryset could be filtered further, and that would not be
the SQL compiled here.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# The compiler's state after as_sql() that the iterables read to turn rows into results.
_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int, Callable[[Any], Any]], ...]  # (parameter position, argument index, adapt)
    state: dict[str, Any]
    # The converters of the selected columns (from the database's values to Python's) and whether
    # any column is composite, per connection: found once rather than on every run, where they
    # were a tenth of a page's time.
    converters: weakref.WeakKeyDictionary[Any, tuple[dict[int, Any], bool]] = field(
        default_factory=weakref.WeakKeyDictionary
    )


def _stand_in(value: Any, k: int) -> Any:
    """A value of the argument's type that no real query compares with."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"prepared query: argument {k} is {value!r}; pass an int, str, date or datetime")
    if isinstance(value, int):
        # Within a small integer field's range: Django drops a comparison with a value outside the
        # field's range from the SQL (it is always true or false), and the stand-in with it.
        return 32_749 - 11 * k
    if isinstance(value, str):
        return f"samsyn-prepared-stand-in-{k}"
    if isinstance(value, dt.datetime):
        return dt.datetime(1901, 2, 3, 4, 5, k, tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.date(1901, 2, 3) + dt.timedelta(days=k)
    raise TypeError(f"prepared query: argument {k} is a {type(value).__name__}; pass an int, str, date or datetime")


def _adapter(value: Any, connection) -> Callable[[Any], Any]:
    """How the backend turns an argument of this type into a parameter (SQLite writes dates as text)."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value
    return _same


def _shallow_copy(queryset: QuerySet) -> QuerySet:
    """A copy of the compiled queryset to run and fill once, sharing its query's parts.

    QuerySet._chain() would deep-copy the query's conditions for a query that may be changed; this
    one is never changed, nor compiled again (its compiler is answered from the compiled state),
    and was never run itself, so it has no results to drop."""
    query = object.__new__(type(queryset.query))
    query.__dict__ = queryset.query.__dict__.copy()
    copy = object.__new__(type(queryset))
    copy.__dict__ = queryset.__dict__.copy()
    copy._query = query  # type: ignore[attr-defined]
    return copy


def _same(value: Any) -> Any:
    return value


def _wrapped(adapt: Callable[[Any], Any], wrap: type) -> Callable[[Any], Any]:
    return lambda value: wrap(adapt(value))


# How many shapes of one query are kept compiled at most.
SHAPES_MAX = 500


class Prepared:
    """`Prepared(build)(*args, **shape)`: the rows of `build(*args, **shape)` as a list, compiled once
    per database and shape."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._compiled: dict[tuple[Any, ...], _Compiled] = {}

    def __call__(self, *args: Any, **shape: Any) -> list[Any]:
        key = self._key(shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            # A shape taken from a request (a list's page, as an offset) could be any number: the
            # compiled shapes are bounded, so that a crawler paging far cannot fill the memory.
            if len(self._compiled) >= SHAPES_MAX:
                self._compiled.clear()
            compiled = self._compile(key, args, shape)
        params = list(compiled.params)
        for position, k, adapt in compiled.slots:
            params[position] = adapt(args[k])
        queryset = _shallow_copy(compiled.queryset)
        compiler = queryset.query.get_compiler(using=queryset.db)
        compiler.__dict__.update(compiled.state)
        found = compiled.converters.get(compiler.connection)
        if found is None:
            selected = [column for column, *__ in compiled.state["select"][: compiled.state["col_count"]]]
            found = compiled.converters[compiler.connection] = (
                compiler.get_converters(selected),
                compiler.has_composite_fields(selected),
            )
        converters, composite = found
        sql = compiled.sql
        # The iterables ask the query for its compiler and the compiler for its SQL: both answered
        # from what was compiled, on this copy only. results_iter() asks about the selected
        # columns only, whose answers were found once.
        compiler.as_sql = lambda *a, **kw: (sql, params)
        compiler.get_converters = lambda expressions: converters
        compiler.has_composite_fields = lambda expressions: composite
        queryset.query.get_compiler = lambda *a, **kw: compiler  # type: ignore[method-assign]
        return list(queryset)

    def _key(self, shape: dict[str, Any]) -> tuple[Any, ...]:
        connection = connections["default"]
        return connection.alias, connection.vendor, *sorted(shape.items())

    def _compile(self, key: tuple[Any, ...], args: tuple[Any, ...], shape: dict[str, Any]) -> _Compiled:
        stand_ins = [_stand_in(value, k) for k, value in enumerate(args)]
        queryset = self.build(*stand_ins, **shape)
        if queryset.db != "default":
            raise ValueError(f"prepared query {self.build.__qualname__}: only the default database")
        connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots: list[tuple[int, int, Callable[[Any], Any]]] = []
        for k, stand_in in enumerate(stand_ins):
            adapt = _adapter(stand_in, connection)
            expected = adapt(stand_in)
            found = [i for i, p in enumerate(params) if isinstance(p, type(expected)) and p == expected]
            if not found:
                raise ValueError(
                    f"prepared query {self.build.__qualname__}: argument {k} does not reach the SQL's "
                    "parameters unchanged (a rewritten value, or one that chooses the query's shape)"
                )
            # A backend may wrap a value in a subclass of its type (psycopg's Int2 for a small
            # integer field): the real value is wrapped alike.
            slots.extend(
                (i, k, _wrapped(adapt, type(params[i])) if type(params[i]) is not type(expected) else adapt)
                for i in found
            )
        compiled = _Compiled(
            queryset=queryset,
            sql=sql,
            params=tuple(params),
            slots=tuple(slots),
            state={name: getattr(compiler, name) for name in _STATE},
        )
        self._compiled[key] = compiled
        return compiled


def prepared(build: Callable[..., QuerySet]) -> Prepared:
    """Decorator: `build` compiled once per database; calling it returns its rows as a list."""
    return Prepared(build)
