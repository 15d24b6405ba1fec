"""Search over a partnership's SearchEntry rows: one interface, a backend per database.

`search_run(partnership, actor, SearchQuery(...))` -> SearchResult with ranked hits and snippets.
Both backends see the same Python-normalised text (samsyn.archive.text): PostgreSQL matches a
tsquery through the samsyn_swedish configuration against a generated tsvector (GIN index);
SQLite matches FTS5 over the Python stems. Filters and access levels are part of the SQL, so a
hidden entry is never fetched.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from django.db import connection

from samsyn.core.roles import Role

from . import text as textlib
from .models import AccessLevel, SearchEntry

FTS_TABLE = "archive_searchentry_fts"
# Bounded cost: when a query matches more texts than this, only the most recently indexed
# CANDIDATES matches are ranked (both backends alike); filters narrow the set first.
CANDIDATES = 1000


@dataclass(frozen=True)
class SearchQuery:
    text: str
    kinds: tuple[str, ...] = ()
    year: int | None = None
    focus_area_id: int | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True)
class Hit:
    entry_id: int
    kind: str
    object_id: int
    title: str
    score: float
    snippet: str  # safe HTML: escaped text with <mark> around matches
    url: str
    filename: str
    year: int | None

    def as_json(self) -> dict:
        data = {"kind": self.kind, "id": self.object_id, "title": self.title, "score": round(self.score, 6), "snippet": self.snippet}
        if self.kind == SearchEntry.Kind.DOCUMENT:
            data["filename"] = self.filename
        return data


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    has_more: bool = False
    terms: tuple[tuple[str, ...], ...] = ()


# --- access --------------------------------------------------------------------------------------


def access_sql(actor) -> tuple[str, list]:
    """WHERE clause for what `actor` may read: public for all; internal for members; restricted
    for the named roles (and administrators)."""
    if actor is None or not actor.is_member:
        return "e.access = %s", [AccessLevel.PUBLIC.value]
    if actor.has_role(Role.ADMINISTRATOR):
        return "1 = 1", []
    parts, params = ["e.access IN (%s, %s)"], [AccessLevel.PUBLIC.value, AccessLevel.INTERNAL.value]
    for role in sorted(actor.roles):
        parts.append("e.roles LIKE %s")
        params.append(f"%|{role}|%")
    return "(" + " OR ".join(parts) + ")", params


def access_q(actor):
    """The same rule as access_sql, as a Q for the ORM."""
    from django.db.models import Q

    if actor is None or not actor.is_member:
        return Q(access=AccessLevel.PUBLIC)
    if actor.has_role(Role.ADMINISTRATOR):
        return Q()
    q = Q(access__in=[AccessLevel.PUBLIC, AccessLevel.INTERNAL])
    for role in sorted(actor.roles):
        q |= Q(roles__contains=f"|{role}|")
    return q


def roles_field(roles) -> str:
    return "|" + "|".join(sorted(set(roles))) + "|" if roles else ""


def _filters_sql(partnership_id: int, actor, query: SearchQuery) -> tuple[str, list]:
    where, params = ["e.partnership_id = %s"], [partnership_id]
    if query.kinds:
        where.append("e.kind IN (" + ", ".join(["%s"] * len(query.kinds)) + ")")
        params.extend(query.kinds)
    if query.year:
        where.append("e.year = %s")
        params.append(query.year)
    if query.focus_area_id:
        where.append("e.focus_areas LIKE %s")
        params.append(f"%|{query.focus_area_id}|%")
    clause, access_params = access_sql(actor)
    where.append(clause)
    params.extend(access_params)
    return " AND ".join(where), params


# --- backends ------------------------------------------------------------------------------------


class PostgresBackend:
    vendor = "postgresql"

    def index(self, rows):
        """Nothing to do: the tsvector column is generated from `folded`."""

    def ranked_ids(self, terms, where, params, limit, offset):
        tsquery = " & ".join("(" + " | ".join(readings) + ")" for readings in terms)
        # "e.id + 0" keeps the planner on the GIN index (a backward primary-key scan would test
        # every row's tsvector); ts_rank_cd then reads at most CANDIDATES tsvectors.
        sql = (
            "WITH q AS (SELECT to_tsquery('samsyn_swedish', %s) AS q), "
            "c AS MATERIALIZED (SELECT e.id FROM archive_searchentry e, q "
            f"WHERE e.tsv @@ q.q AND {where} ORDER BY e.id + 0 DESC LIMIT %s) "
            "SELECT e.id, ts_rank_cd(e.tsv, q.q) AS score FROM c JOIN archive_searchentry e ON e.id = c.id, q "
            "ORDER BY score DESC, e.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, *params, CANDIDATES, limit, offset])
            return [(pk, float(score)) for pk, score in cursor.fetchall()]


class SqliteBackend:
    vendor = "sqlite"

    def index(self, rows):
        """rows: (entry id, folded text). Replace the FTS rows with the Python stems."""
        rows = list(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            ids = [(pk,) for pk, _ in rows]
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", ids)
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, stems) VALUES (%s, %s)",
                [(pk, " ".join(textlib.stem(w) for w in folded.split())) for pk, folded in rows],
            )

    def ranked_ids(self, terms, where, params, limit, offset):
        match = " AND ".join(
            "(" + " OR ".join(f'"{s}"' for s in sorted({textlib.stem(r) for r in readings})) + ")" for readings in terms
        )
        # The covering index (migration 0004) answers the filters without reading the wide rows;
        # the rowid bound limits bm25 to the most recent CANDIDATES matches.
        sql = (
            f"SELECT e.id, -bm25({FTS_TABLE}) AS score FROM {FTS_TABLE} "
            f"JOIN archive_searchentry e INDEXED BY archive_searchentry_filter ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {where} AND {FTS_TABLE}.rowid >= coalesce(("
            f"SELECT {FTS_TABLE}.rowid FROM {FTS_TABLE} JOIN archive_searchentry ce INDEXED BY archive_searchentry_filter "
            f"ON ce.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND {where.replace('e.', 'ce.')} "
            f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT 1 OFFSET %s), 0) "
            "ORDER BY score DESC, e.id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, match, *params, CANDIDATES - 1, limit, offset])
            return [(pk, float(score)) for pk, score in cursor.fetchall()]


def backend():
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(connection.vendor)


# --- snippets ------------------------------------------------------------------------------------


SNIPPET_SCAN_CHARS = 60_000  # a snippet is looked for in the first pages of a long text


def _matches(word, stems):
    return any(textlib.stem(r) in stems for r in textlib.variants(word))


def snippet_html(body: str, stems: set[str], width: int = 30) -> str:
    """About `width` words of `body` around the densest run of matches, HTML-escaped, matches in <mark>."""
    body = (body or "")[:SNIPPET_SCAN_CHARS]
    tokens = list(textlib._WORD.finditer(body))
    if not tokens:
        return ""
    matched = [_matches(t.group(), stems) for t in tokens]
    best_start, best_count = 0, -1
    count = sum(matched[:width])
    for start in range(0, max(1, len(tokens) - width + 1)):
        if start:
            count += (matched[start + width - 1] if start + width - 1 < len(tokens) else 0) - matched[start - 1]
        if count > best_count:
            best_start, best_count = start, count
    # Start a little before the first match of the window, for context.
    first = next((i for i in range(best_start, min(len(tokens), best_start + width)) if matched[i]), best_start)
    start = max(0, first - 5)
    end = min(len(tokens), start + width)
    begin_char, end_char = tokens[start].start(), tokens[end - 1].end()
    out = ["… " if start else ""]
    position = 0 if start == 0 else begin_char
    for i in range(start, end):
        token = tokens[i]
        out.append(html.escape(body[position : token.start()]))
        word = html.escape(token.group())
        out.append(f"<mark>{word}</mark>" if matched[i] else word)
        position = token.end()
    out.append(html.escape(body[position:end_char]))
    if end < len(tokens):
        out.append(" …")
    return " ".join("".join(out).split())


# --- the interface -------------------------------------------------------------------------------


def search_run(partnership, actor, query: SearchQuery) -> SearchResult:
    """Ranked hits for `query` that `actor` may read: two queries whatever the data size."""
    terms = textlib.query_terms(query.text)
    if not terms:
        return SearchResult()
    where, params = _filters_sql(partnership.pk, actor, query)
    ranked = backend().ranked_ids(terms, where, params, query.limit + 1, query.offset)
    has_more = len(ranked) > query.limit
    ranked = ranked[: query.limit]
    entries = SearchEntry.objects.in_bulk([pk for pk, _ in ranked])
    stems = textlib.term_stems(terms)
    hits = []
    for pk, score in ranked:
        e = entries[pk]
        hits.append(
            Hit(
                entry_id=pk, kind=e.kind, object_id=e.object_id, title=e.title, score=score,
                snippet=snippet_html(e.body or e.title, stems), url=e.url, filename=e.filename, year=e.year,
            )
        )
    return SearchResult(hits=hits, has_more=has_more, terms=tuple(terms))
