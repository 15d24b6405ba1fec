"""Search over a partnership's SearchEntry rows: one interface, a backend per database.

`search_run(partnership, actor, SearchQuery(...))` -> SearchResult with ranked hits and snippets.
Both backends see the same Python-normalised text (samsyn.search.text): PostgreSQL matches a
tsquery through the samsyn_swedish configuration against a generated tsvector (GIN index);
SQLite matches FTS5 over the Python stems. Filters and access levels are part of the SQL, so a
hidden entry is never fetched.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection

from samsyn.archive.models import AccessLevel
from samsyn.core.roles import Role

from . import text as textlib
from .models import SearchEntry

FTS_TABLE = "archive_searchentry_fts"
# Bounded cost: when a query matches more texts than this, only the most recently indexed
# CANDIDATES matches are ranked (both backends alike); filters narrow the set first.
CANDIDATES = 500


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
        data = {
            "kind": self.kind,
            "id": self.object_id,
            "title": self.title,
            "score": round(self.score, 6),
            "snippet": self.snippet,
        }
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


def tsquery_literal(reading: str) -> str:
    """One reading as a quoted tsquery lexeme. A folded word may hold what tsquery reads as syntax
    (NFKD turns "⑴" into "(1)", "ͺ" into a space), so every reading is quoted, its quotes doubled
    and backslashes escaped, as PostgreSQL's tsquery input syntax asks."""
    return "'" + reading.replace("\\", "\\\\").replace("'", "''") + "'"


def fts5_string(term: str) -> str:
    """One term as an FTS5 string, its double quotes doubled."""
    return '"' + term.replace('"', '""') + '"'


def roles_field(roles) -> str:
    return "|" + "|".join(sorted(set(roles))) + "|" if roles else ""


def _filters_sql(partnership_id: int, actor, query: SearchQuery) -> tuple[str, list[object]]:
    where = ["e.partnership_id = %s"]
    params: list[object] = [partnership_id]
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


# PostgreSQL picks the newest candidates in one of two ways. A GIN bitmap scan visits every match
# and sorts them by id: cheap for a rare word, but a word in most texts means visiting most rows.
# Walking the ids backwards and testing each row's tsvector stops after CANDIDATES matches: cheap
# exactly when matches are dense. The planner's own choice between the two is poor here (it does
# not count reading each row's tsvector), so a cost model fed by the table's statistics decides.
# Costs per row in microseconds, measured on 100 000 documents (bench/archive.py):
WALK_ROW_US = 6.0  # walking backwards: read and test one row's tsvector
BITMAP_MATCH_US = 1.4  # bitmap scan: visit, filter and sort one matching row


def newest_first_pays(fraction: float, rows: float, candidates: int = CANDIDATES) -> bool:
    """Whether walking the ids backwards beats a bitmap scan.

    fraction: the share of the partnership's rows that match; rows: the partnership's rows. The
    walk reads about candidates / fraction rows, the bitmap scan visits rows * fraction matches;
    ranking the candidates costs the same either way.
    """
    if fraction <= 0 or rows <= 0:
        return False
    return candidates / fraction * WALK_ROW_US < rows * fraction * BITMAP_MATCH_US


def match_fraction(term_freqs, partnership_freq: float) -> float:
    """The share of rows a query matches, terms taken as independent: per term, the fractions of
    rows holding each reading (a reading missing from the statistics is rare and counts 0)."""
    if not term_freqs or partnership_freq <= 0:
        return 0.0
    fraction = 1.0
    for freqs in term_freqs:
        fraction *= min(1.0, sum(freqs))
    return fraction


STATS_SQL = (
    "SELECT p.attname, s.value, s.freq FROM pg_stats p CROSS JOIN LATERAL unnest("
    "CASE WHEN p.attname = 'tsv' THEN p.most_common_elems::text::text[] ELSE p.most_common_vals::text::text[] END, "
    "CASE WHEN p.attname = 'tsv' THEN p.most_common_elem_freqs ELSE p.most_common_freqs END) AS s(value, freq) "
    "WHERE p.schemaname = current_schema() AND p.tablename = 'archive_searchentry' "
    "AND p.attname IN ('tsv', 'partnership_id') AND s.value = ANY(%s) "
    "UNION ALL SELECT 'rows', NULL, reltuples FROM pg_class WHERE oid = 'archive_searchentry'::regclass"
)


class PostgresBackend:
    vendor = "postgresql"

    def index(self, rows):
        """Nothing to do: the tsvector column is generated from `folded`."""

    def prune(self):
        """Nothing to do: the tsvector is a column of the entry itself."""

    def _newest_first(self, cursor, terms, partnership_id: int, filtered: bool) -> bool:
        # A filter by kind, year or focus area thins the matches in a way the statistics do not
        # tell: such a search always takes the bitmap scan.
        if filtered:
            return False
        lexemes = {reading: textlib.stem(reading) for readings in terms for reading in readings}
        cursor.execute(STATS_SQL, [sorted(set(lexemes.values()) | {str(partnership_id)})])
        tsv, partnership_freq, rows = {}, 0.0, 0.0
        for attname, value, freq in cursor.fetchall():
            if attname == "tsv":
                tsv[value] = freq
            elif attname == "rows":
                rows = freq
            elif value == str(partnership_id):
                partnership_freq = freq
        term_freqs = [[tsv.get(lexemes[r], 0.0) for r in readings] for readings in terms]
        return newest_first_pays(match_fraction(term_freqs, partnership_freq), rows * partnership_freq)

    def ranked_ids(self, terms, where, params, limit, offset, *, partnership_id=None, filtered=True):
        tsquery = " & ".join("(" + " | ".join(map(tsquery_literal, readings)) + ")" for readings in terms)
        with connection.cursor() as cursor:
            newest_first = partnership_id is not None and self._newest_first(cursor, terms, partnership_id, filtered)
            if newest_first:
                # The query as a constant: the planner sees from the statistics that matches are
                # dense and walks the primary key backwards, stopping at CANDIDATES.
                match, order = "to_tsquery('samsyn_swedish', %s)", "e.id DESC"
            else:
                # The query through a CTE hides its selectivity, and "e.id + 0" the order of the
                # primary key: the planner takes the GIN bitmap, never a scan reading every row.
                match, order = "(SELECT q FROM q)", "e.id + 0 DESC"
            sql = (
                "WITH q AS (SELECT to_tsquery('samsyn_swedish', %s) AS q), "
                f"c AS MATERIALIZED (SELECT e.id FROM archive_searchentry e WHERE e.tsv @@ {match} AND {where} "
                f"ORDER BY {order} LIMIT %s) "
                "SELECT e.id, ts_rank_cd(e.tsv, q.q) AS score FROM c JOIN archive_searchentry e ON e.id = c.id, q "
                "ORDER BY score DESC, e.id LIMIT %s OFFSET %s"
            )
            match_params = [tsquery] if newest_first else []
            cursor.execute(sql, [tsquery, *match_params, *params, CANDIDATES, limit, offset])
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

    def prune(self):
        """Drop FTS rows whose entry is gone: rows that a bulk load (Django's loaddata, a restore)
        left without going through the delete trigger would otherwise answer for another entry."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM archive_searchentry)")

    def ranked_ids(self, terms, where, params, limit, offset, *, partnership_id=None, filtered=True):
        match = " AND ".join(
            "(" + " OR ".join(fts5_string(s) for s in sorted({textlib.stem(r) for r in readings})) + ")"
            for readings in terms
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


def _matches(word, stems, prefixes=None):
    # A Swedish Snowball stem is a prefix of its word: most words are ruled out without stemming.
    prefixes = tuple(stems) if prefixes is None else prefixes
    return any(r.startswith(prefixes) and textlib.stem(r) in stems for r in textlib.variants(word))


def snippet_html(body: str, stems: set[str], width: int = 30) -> str:
    """About `width` words of `body` around the densest run of matches, HTML-escaped, matches in <mark>."""
    body = (body or "")[:SNIPPET_SCAN_CHARS]
    words = textlib._WORD.findall(body)
    if not words:
        return ""
    # Each distinct spelling is judged once; only the matches are walked after that.
    prefixes = tuple(stems)
    hits = {w for w in set(words) if _matches(w, stems, prefixes)}
    positions = [i for i, w in enumerate(words) if w in hits]
    # The earliest match that opens a window of `width` words holding the most matches.
    first, best, j = 0, 0, 0
    for i, position in enumerate(positions):
        while positions[j] < position - width + 1:
            j += 1
        count = i - j + 1
        if count > best:
            best, first = count, positions[j]
    start = max(0, first - 5)  # a little context before the first match
    end = min(len(words), start + width)
    tokens = list(islice(textlib._WORD.finditer(body), start, end))
    hit_positions = set(positions)
    out = ["… " if start else ""]
    position = tokens[0].start() if start else 0
    for offset, token in enumerate(tokens):
        out.append(html.escape(body[position : token.start()]))
        word = html.escape(token.group())
        out.append(f"<mark>{word}</mark>" if start + offset in hit_positions else word)
        position = token.end()
    if end < len(words):
        out.append(" …")
    return " ".join("".join(out).split())


# --- the interface -------------------------------------------------------------------------------


def search_run(partnership, actor, query: SearchQuery) -> SearchResult:
    """Ranked hits for `query` that `actor` may read: a fixed number of queries whatever the data size
    (SQLite two, PostgreSQL three: its statistics, the ranking, the hits)."""
    terms = textlib.query_terms(query.text)
    if not terms:
        return SearchResult()
    where, params = _filters_sql(partnership.pk, actor, query)
    filtered = bool(query.kinds or query.year or query.focus_area_id)
    ranked = backend().ranked_ids(
        terms, where, params, query.limit + 1, query.offset, partnership_id=partnership.pk, filtered=filtered
    )
    has_more = len(ranked) > query.limit
    ranked = ranked[: query.limit]
    # The folded copy is the index's input, never shown: not read back.
    entries = SearchEntry.objects.defer("folded").in_bulk([pk for pk, _ in ranked])
    stems = textlib.term_stems(terms)
    hits = []
    for pk, score in ranked:
        e = entries[pk]
        hits.append(
            Hit(
                entry_id=pk,
                kind=e.kind,
                object_id=e.object_id,
                title=e.title,
                score=score,
                snippet=snippet_html(e.body or e.title, stems),
                url=e.url,
                filename=e.filename,
                year=e.year,
            )
        )
    return SearchResult(hits=hits, has_more=has_more, terms=tuple(terms))
