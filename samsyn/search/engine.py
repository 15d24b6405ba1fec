"""Search over a partnership's SearchEntry rows: one interface, the same ranking on both databases.

`search_run(partnership, actor, SearchQuery(...))` -> SearchResult with ranked hits and snippets.
A query is not boolean: the texts that hold more of its words come first, those with all of them
first of all, and among equals BM25 decides. Both databases keep the same inverted index of
Python-made terms (samsyn.search.text: folded, stemmed, compounds split) and rank with the same SQL;
only a quoted phrase is matched by each database's own full-text index (PostgreSQL: a tsvector of
the stems; SQLite: FTS5 over the stems). Filters and access levels are part of the SQL, so a
hidden entry is never fetched.
"""

from __future__ import annotations

import html
import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection

from samsyn.archive.models import AccessLevel
from samsyn.core.roles import Role

from . import semantic
from . import text as textlib
from .models import SearchEntry

FTS_TABLE = "archive_searchentry_fts"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    kinds: tuple[str, ...] = ()
    year: int | None = None
    focus_area_id: int | None = None
    initiative_id: int | None = None
    limit: int = 20
    offset: int = 0
    facets: bool = False  # count the matches by kind, year, focus area and initiative (one query more)


@dataclass(frozen=True)
class Facets:
    """How many of the matches are of each kind, year and focus area, whatever filters the search
    has: what each choice would leave."""

    total: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    focus_areas: dict[int, int] = field(default_factory=dict)
    initiatives: dict[int, int] = field(default_factory=dict)


def facets_count(rows) -> Facets:
    """Facets from (kind, year, focus areas as "|1|2|", initiatives as "|1|2|", number) rows, each
    dictionary by count, largest first (then by kind, newest year, focus area, initiative)."""
    kinds: Counter[str] = Counter()
    years: Counter[int] = Counter()
    areas: Counter[int] = Counter()
    initiatives: Counter[int] = Counter()
    total = 0
    for kind, year, focus_areas, initiative_ids, n in rows:
        total += n
        kinds[kind] += n
        if year is not None:
            years[int(year)] += n
        for ids, counter in ((focus_areas, areas), (initiative_ids, initiatives)):
            for part in (ids or "").split("|"):
                if part.isdigit():
                    counter[int(part)] += n
    return Facets(
        total=total,
        kinds=dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        years=dict(sorted(years.items(), key=lambda item: (-item[1], -item[0]))),
        focus_areas=dict(sorted(areas.items(), key=lambda item: (-item[1], item[0]))),
        initiatives=dict(sorted(initiatives.items(), key=lambda item: (-item[1], item[0]))),
    )


@dataclass(frozen=True)
class Hit:
    entry_id: int
    kind: str
    object_id: int
    title: str
    score: float
    coverage: float  # how many of the query's words the text holds (a compound's parts half each)
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
            "words": round(self.coverage, 3),
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
    suggestion: str | None = None  # the query with its unknown words corrected ("Menade du …")
    facets: Facets | None = None


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
    if query.initiative_id:
        where.append("e.initiatives LIKE %s")
        params.append(f"%|{query.initiative_id}|%")
    clause, access_params = access_sql(actor)
    where.append(clause)
    params.extend(access_params)
    return " AND ".join(where), params


# --- the index ------------------------------------------------------------------------------------
#
# Both databases hold the same inverted index in two plain tables (search app, migration 0002), written
# from the same Python terms, and rank with the same SQL: the same data gives the same order on SQLite
# and PostgreSQL. A posting is one term of one entry with its frequency (tf), the entry's length in
# words (dl) and its "impact", the BM25 term-frequency factor with the partnership's average length at
# indexing time: an index on (partnership, term, impact) lists each term's best texts first.
# search_term keeps per partnership and term in how many entries it occurs (df) and how often (tfsum);
# the term "" counts the entries and their words, for BM25's N and average length. It is also the
# vocabulary that compounds are split against.

POSTING_TABLE = "search_posting"
TERM_TABLE = "search_term"
BM25_K1 = 1.2
BM25_B = 0.75
TITLE_WEIGHT = 2  # a title's words count as if written twice
# Bounded cost: each query term contributes its best TERM_CANDIDATES // terms entries by impact (at
# least MIN_TERM_CANDIDATES), and the entries holding every word are walked from the rarest word's
# best WALK_LIMIT postings; the union, every match's best, is scored in full.
TERM_CANDIDATES = 300
MIN_TERM_CANDIDATES = 60
ALL_WORDS_CANDIDATES = 150
WALK_LIMIT = 1000
CHUNK = 500  # parameters per IN list when writing
MAX_TERM = 100  # the term column's length (migration 0002)
TYPO_WORDS = 4  # the words of a query that "Menade du …" looks at


def impact(tf: float, dl: float, avgdl: float, k1: float = BM25_K1, b: float = BM25_B) -> float:
    """BM25's term-frequency factor: tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))."""
    return tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / (avgdl or 1.0)))


def idf(df: int, n: int) -> float:
    """BM25's inverse document frequency, in Lucene's form that is never negative."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _chunks(items, size=CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def vocabulary_read(cursor, partnership_id: int, terms, size: int = CHUNK) -> dict[str, tuple[int, int]]:
    """term -> (df, tfsum) of the partnership, for the given terms that it has."""
    out: dict[str, tuple[int, int]] = {}
    for chunk in _chunks(sorted(set(terms)), max(1, size)):
        if connection.vendor == "postgresql":
            # One array parameter rather than hundreds of placeholders for the server to parse.
            cursor.execute(
                f"SELECT term, df, tfsum FROM {TERM_TABLE} WHERE partnership_id = %s AND term = ANY(%s)",
                [partnership_id, chunk],
            )
        else:
            cursor.execute(
                f"SELECT term, df, tfsum FROM {TERM_TABLE} WHERE partnership_id = %s AND term IN ({_placeholders(len(chunk))})",
                [partnership_id, *chunk],
            )
        out.update((term, (df, tfsum)) for term, df, tfsum in cursor.fetchall())
    return out


@dataclass
class _Terms:
    """One entry's terms: tf per stem, its length, and the stems text that phrases are matched in."""

    tf: Counter
    dl: int
    stems: str


def entry_terms(title: str, body: str, vocabulary: Mapping[str, int], splits: dict | None = None) -> _Terms:
    """The terms of one entry: the stems of every reading of every word (a title's words count
    TITLE_WEIGHT times), and the parts of its compounds that `vocabulary` knows. `splits` keeps
    the splits already made with the same vocabulary (a batch's words recur)."""
    splits = {} if splits is None else splits
    tf: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    dl = 0
    for text, weight in ((title, TITLE_WEIGHT), (body, 1)):
        for word in textlib.words(text):
            dl += weight
            for reading in textlib.variants(word):
                tf[textlib.stem(reading)] += weight
                if len(reading) >= textlib.MIN_COMPOUND:
                    compounds[reading] += weight
    for word, count in compounds.items():
        if word not in splits:
            splits[word] = textlib.compound_split(word, vocabulary)
        split = splits[word]
        if split is None:
            continue
        heads, tail = split
        for part in {*heads, tail}:
            tf[part] += count
    # A "word" longer than a term may be (a file's bytes read as text, a run of digits) is no
    # word anyone searches for: both databases leave it out alike.
    for term in [t for t in tf if len(t) > MAX_TERM]:
        del tf[term]
    return _Terms(tf=tf, dl=dl, stems=textlib.stems(title + "\n" + body))


def _stats_apply(cursor, deltas: dict[tuple[int, str], list[int]]) -> None:
    rows = [(pid, term, df, tfsum) for (pid, term), (df, tfsum) in deltas.items() if df or tfsum]
    if rows:
        cursor.executemany(
            f"INSERT INTO {TERM_TABLE} (partnership_id, term, df, tfsum) VALUES (%s, %s, %s, %s) "
            f"ON CONFLICT (partnership_id, term) DO UPDATE SET df = {TERM_TABLE}.df + excluded.df, "
            f"tfsum = {TERM_TABLE}.tfsum + excluded.tfsum",
            rows,
        )


def _postings_remove(cursor, entry_ids, deltas) -> None:
    for chunk in _chunks(entry_ids):
        cursor.execute(
            f"SELECT partnership_id, term, tf FROM {POSTING_TABLE} WHERE entry_id IN ({_placeholders(len(chunk))})",
            chunk,
        )
        for pid, term, tf in cursor.fetchall():
            d = deltas.setdefault((pid, term), [0, 0])
            d[0] -= 1
            d[1] -= tf
        cursor.execute(f"DELETE FROM {POSTING_TABLE} WHERE entry_id IN ({_placeholders(len(chunk))})", chunk)


def _postings_insert(cursor, postings) -> None:
    columns = "entry_id, partnership_id, term, tf, dl, impact"
    if connection.vendor == "postgresql" and len(postings) > CHUNK:
        # COPY: a reindex or a bulk load writes about a hundred rows per text.
        with cursor.cursor.copy(f"COPY {POSTING_TABLE} ({columns}) FROM STDIN") as copy:
            for row in postings:
                copy.write_row(row)
        return
    cursor.executemany(f"INSERT INTO {POSTING_TABLE} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)", postings)


def postings_write(rows) -> None:
    """rows: (entry id, partnership id, title, body). Replace the entries' postings and the
    partnership's statistics; the vocabulary for compounds is the partnership's and the batch's own."""
    rows = list(rows)
    if not rows:
        return
    by_partnership: dict[int, list] = defaultdict(list)
    for row in rows:
        by_partnership[row[1]].append(row)
    with connection.cursor() as cursor:
        deltas: dict[tuple[int, str], list[int]] = {}
        _postings_remove(cursor, [r[0] for r in rows], deltas)
        postings = []
        for pid, group in by_partnership.items():
            own: Counter[str] = Counter()
            probes: set[str] = {""}
            for _, _, title, body in group:
                words = {r for w in textlib.words(title + "\n" + body) for r in textlib.variants(w)}
                own.update({textlib.stem(r) for r in words})
                for reading in words:
                    probes |= textlib.split_probes(reading)
            stored = vocabulary_read(cursor, pid, probes | set(own))
            vocabulary = Counter({t: df for t, (df, _) in stored.items()})
            vocabulary.update(own)
            splits: dict = {}
            terms = [(pk, entry_terms(title, body, vocabulary, splits)) for pk, _, title, body in group]
            docs, words_total = stored.get("", (0, 0))
            docs += deltas.get((pid, ""), [0, 0])[0] + len(terms)
            words_total += deltas.get((pid, ""), [0, 0])[1] + sum(t.dl for _, t in terms)
            avgdl = words_total / docs if docs > 0 else 1.0
            for pk, t in terms:
                for term, tf in [("", t.dl), *t.tf.items()]:
                    weight = impact(tf, t.dl, avgdl) if term else 0.0
                    postings.append((pk, pid, term, tf, t.dl, weight))
                    d = deltas.setdefault((pid, term), [0, 0])
                    d[0] += 1
                    d[1] += tf
        _postings_insert(cursor, postings)
        _stats_apply(cursor, deltas)


def postings_remove(entry_ids) -> None:
    """Take entries out of the index (before the entries themselves are deleted)."""
    with connection.cursor() as cursor:
        deltas: dict[tuple[int, str], list[int]] = {}
        _postings_remove(cursor, list(entry_ids), deltas)
        _stats_apply(cursor, deltas)


def stats_rebuild(partnership_id: int | None = None) -> None:
    """Count the statistics again from the postings: after a bulk load or a deletion that went past
    postings_remove (a cascade)."""
    where, params = ("WHERE partnership_id = %s", [partnership_id]) if partnership_id else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TERM_TABLE} {where}", params)
        cursor.execute(
            f"INSERT INTO {TERM_TABLE} (partnership_id, term, df, tfsum) "
            f"SELECT partnership_id, term, count(*), sum(tf) FROM {POSTING_TABLE} {where} GROUP BY partnership_id, term",
            params,
        )


@dataclass(frozen=True)
class Plan:
    """A query made ready for the ranking SQL: (term, word number, coverage, idf) rows; the words'
    main terms, for the walk over entries that hold every word; phrases and exclusions."""

    terms: tuple[tuple[str, int, float, float], ...]
    words: int
    rarest: str | None
    others: tuple[tuple[str, ...], ...]
    avgdl: float
    phrases: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]

    @property
    def stems(self) -> set[str]:
        return {t for t, _, _, _ in self.terms}


def query_plan(parsed: textlib.ParsedQuery, stats: Mapping[str, tuple[int, int]]) -> Plan | None:
    """Which terms a query asks for and what each weighs (pure: the statistics are given).

    Each word's readings count in full; a compound's parts, when the vocabulary knows them, half
    each, so a text holding both parts holds the word. Words that no text holds drop out of the
    ranking (a text cannot hold more of them), but not of the coverage of those that remain."""
    n, words_total = stats.get("", (0, 0))
    if n <= 0:
        return None
    vocabulary = {t: df for t, (df, _) in stats.items()}
    rows: list[tuple[str, int, float, float]] = []
    main: list[tuple[int, str, tuple[str, ...]]] = []  # (df, rarest reading, every term) per word
    for number, readings in enumerate(parsed.words):
        coverage: dict[str, float] = {}
        for reading in readings:
            coverage[textlib.stem(reading)] = 1.0
            split = textlib.compound_split(reading, vocabulary)
            if split is not None:
                heads, tail = split
                for part in (*heads, tail):
                    coverage[part] = max(coverage.get(part, 0.0), 0.5)
        present = {t: c for t, c in coverage.items() if vocabulary.get(t, 0) > 0}
        for term, cov in sorted(present.items()):
            rows.append((term, number, cov, idf(vocabulary[term], n)))
        whole = [t for t in present if present[t] == 1.0]
        if whole:
            rarest = min(whole, key=lambda t: (vocabulary[t], t))
            main.append((vocabulary[rarest], rarest, tuple(sorted(present))))
    if not rows:
        return None
    excluded = tuple(sorted({textlib.stem(r) for readings in parsed.excluded for r in readings}))
    phrases = tuple(tuple(textlib.stem(w) for w in phrase) for phrase in parsed.phrases)
    main.sort()
    return Plan(
        terms=tuple(rows),
        words=len(parsed.words),
        rarest=main[0][1] if len(main) > 1 else None,
        others=tuple(m[2] for m in main[1:]),
        avgdl=words_total / n,
        phrases=phrases,
        excluded=excluded,
    )


class _Backend:
    vendor = ""
    entries = "archive_searchentry e"  # the entries as the candidate arms filter them

    def index(self, rows):
        """rows: (entry id, partnership id, title, body, stems text)."""
        rows = list(rows)
        postings_write((pk, pid, title, body) for pk, pid, title, body, _ in rows)

    def unindex(self, entry_ids):
        postings_remove(entry_ids)

    def prune(self):
        """Drop index rows whose entry is gone (a bulk load that went past the index), then count the
        statistics again."""
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {POSTING_TABLE} WHERE entry_id NOT IN (SELECT id FROM archive_searchentry)")
        stats_rebuild()

    def phrase_sql(self, phrase: tuple[str, ...]) -> tuple[str, list]:
        raise NotImplementedError

    def _scored(self, plan: Plan, where: str, params: list, partnership_id: int) -> tuple[str, list, str, list]:
        """The SQL up to the scored candidates, `s` (entry id, word, coverage, BM25), with its
        parameters, and the WHERE that lets through those the phrases and excluded words allow."""
        q_values = ", ".join(
            [
                "(CAST(%s AS varchar(100)), CAST(%s AS integer), CAST(%s AS double precision), CAST(%s AS double precision))"
            ]
            * len(plan.terms)
        )
        q_params = [x for row in plan.terms for x in row]
        distinct = sorted({t for t, _, _, _ in plan.terms})
        per_term = max(MIN_TERM_CANDIDATES, TERM_CANDIDATES // len(distinct))
        arms, arm_params = [], []
        for i, term in enumerate(distinct):
            arms.append(
                f"SELECT entry_id FROM (SELECT p.entry_id FROM {POSTING_TABLE} p JOIN {self.entries} "
                f"ON e.id = p.entry_id WHERE p.partnership_id = %s AND p.term = %s AND {where} "
                f"ORDER BY p.impact DESC, p.entry_id LIMIT %s) AS a{i}"
            )
            arm_params += [partnership_id, term, *params, per_term]
        if plan.rarest is not None:
            holds = " AND ".join(
                f"EXISTS (SELECT 1 FROM {POSTING_TABLE} x WHERE x.entry_id = w.entry_id "
                f"AND x.term IN ({_placeholders(len(alts))}))"
                for alts in plan.others
            )
            arms.append(
                f"SELECT entry_id FROM (SELECT w.entry_id FROM (SELECT entry_id, impact FROM {POSTING_TABLE} "
                f"WHERE partnership_id = %s AND term = %s ORDER BY impact DESC, entry_id LIMIT %s) AS w "
                f"JOIN {self.entries} ON e.id = w.entry_id WHERE {holds} AND {where} "
                f"ORDER BY w.impact DESC, w.entry_id LIMIT %s) AS aw"
            )
            arm_params += [partnership_id, plan.rarest, WALK_LIMIT]
            arm_params += [t for alts in plan.others for t in alts]
            arm_params += [*params, ALL_WORDS_CANDIDATES]
        filters, filter_params = [], []
        if plan.excluded:
            filters.append(
                f"NOT EXISTS (SELECT 1 FROM {POSTING_TABLE} x WHERE x.entry_id = s.entry_id "
                f"AND x.term IN ({_placeholders(len(plan.excluded))}))"
            )
            filter_params += list(plan.excluded)
        for phrase in plan.phrases:
            sql, phrase_params = self.phrase_sql(phrase)
            filters.append(sql)
            filter_params += phrase_params
        k1, b = BM25_K1, BM25_B
        sql = (
            f"WITH q(term, word, cov, idf) AS (VALUES {q_values}), "
            f"c AS ({' UNION '.join(arms)}), "
            "s AS (SELECT p.entry_id, q.word, "
            "CASE WHEN SUM(q.cov) > 1 THEN 1.0 ELSE SUM(q.cov) END AS cov, "
            f"SUM(q.idf * p.tf * {k1 + 1} / (p.tf + {k1} * ({1 - b} + CAST({b} AS double precision) * p.dl / CAST(%s AS double precision)))) AS bm25 "
            f"FROM c JOIN {POSTING_TABLE} p ON p.entry_id = c.entry_id JOIN q ON q.term = p.term "
            "GROUP BY p.entry_id, q.word) "
        )
        where_s = f"WHERE {' AND '.join(filters)}" if filters else ""
        return sql, [*q_params, *arm_params, plan.avgdl], where_s, filter_params

    def ranked_ids(self, plan: Plan, where: str, params: list, limit: int, offset: int, partnership_id: int):
        """(entry id, coverage, score) of the best matches, best first."""
        with_sql, with_params, where_s, filter_params = self._scored(plan, where, params, partnership_id)
        sql = (
            with_sql + "SELECT s.entry_id, SUM(s.cov) AS coverage, SUM(s.bm25) AS score FROM s "
            f"{where_s} GROUP BY s.entry_id "
            "ORDER BY round(CAST(SUM(s.cov) AS numeric), 3) DESC, round(CAST(SUM(s.bm25) AS numeric), 6) DESC, "
            "s.entry_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*with_params, *filter_params, limit, offset])
            return [(pk, float(cov), float(score)) for pk, cov, score in cursor.fetchall()]

    def facet_rows(
        self, plan: Plan, where: str, params: list, partnership_id: int
    ) -> list[tuple[str, int | None, str, str, int]]:
        """(kind, year, focus areas, initiatives, number) of the matches, grouped: what the facets count."""
        with_sql, with_params, where_s, filter_params = self._scored(plan, where, params, partnership_id)
        sql = (
            with_sql + f"SELECT f.kind, f.year, f.focus_areas, f.initiatives, COUNT(*) FROM (SELECT s.entry_id "
            f"FROM s {where_s} GROUP BY s.entry_id) m JOIN {SearchEntry._meta.db_table} f ON f.id = m.entry_id "
            "GROUP BY f.kind, f.year, f.focus_areas, f.initiatives"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*with_params, *filter_params])
            return [(kind, year, areas, ids, int(n)) for kind, year, areas, ids, n in cursor.fetchall()]


class PostgresBackend(_Backend):
    vendor = "postgresql"

    def phrase_sql(self, phrase):
        # The tsvector is generated from the entry's stems through the `simple` configuration
        # (migration 0002): the words in a row, as Python stemmed them.
        query = " <-> ".join(tsquery_literal(s) for s in phrase)
        return (
            "EXISTS (SELECT 1 FROM archive_searchentry pe WHERE pe.id = s.entry_id "
            "AND pe.tsv @@ to_tsquery('simple', %s))",
            [query],
        )


class SqliteBackend(_Backend):
    vendor = "sqlite"
    # The covering index of the filters (archive migration 0004): the wide rows, whose access and
    # roles come after the long texts, are never read to filter a candidate.
    entries = "archive_searchentry e INDEXED BY archive_searchentry_filter"

    def index(self, rows):
        """Also the FTS5 row of each entry: its stems, for phrases."""
        rows = list(rows)
        super().index(rows)
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, *_ in rows])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, stems) VALUES (%s, %s)",
                [(pk, stems) for pk, _, _, _, stems in rows],
            )

    def prune(self):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM archive_searchentry)")
        super().prune()

    def phrase_sql(self, phrase):
        return (
            f"s.entry_id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
            [fts5_string(" ".join(phrase))],
        )


def backend() -> _Backend:
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
    """Ranked hits for `query` that `actor` may read: the texts holding more of its words first, then
    by BM25; a fixed number of queries whatever the data size (the statistics, those of a mistyped
    word's neighbours, the ranking, the hits)."""
    parsed = textlib.parse_query(query.text)
    if not parsed.words:
        return SearchResult()
    probes = {""}
    for readings in parsed.words:
        for reading in readings:
            probes.add(textlib.stem(reading))
            probes |= textlib.split_probes(reading)
    probes = {p for p in probes if len(p) <= MAX_TERM}
    with connection.cursor() as cursor:
        # One query, however many probes: the page's number of queries stays fixed.
        stats = vocabulary_read(cursor, partnership.pk, probes, size=len(probes))
        # "Menade du …" looks one slip away only from a word the index does not know, so its
        # neighbours (some hundreds a word) are read in a second query that a search of known
        # words never needs.
        slips = {
            textlib.stem(variant)
            for readings in parsed.words[:TYPO_WORDS]
            if not any(stats.get(textlib.stem(r), (0, 0))[0] > 0 for r in readings)
            for r in readings
            for variant in textlib.typo_variants(r)
        }
        slips = {p for p in slips if len(p) <= MAX_TERM} - probes
        if slips:
            stats.update(vocabulary_read(cursor, partnership.pk, slips, size=len(slips)))
    known = {t: df for t, (df, _) in stats.items()}
    suggestion = textlib.suggestion(parsed.words[:TYPO_WORDS], list(parsed.typed[:TYPO_WORDS]), known)
    if suggestion is not None and len(parsed.words) > TYPO_WORDS:
        suggestion = " ".join([suggestion, *parsed.typed[TYPO_WORDS:]])
    plan = query_plan(parsed, stats)
    # By meaning too, with the semantic extra; not for a query with a phrase or a -word, whose asker
    # wants those exact words.
    meaning = semantic.available() and not parsed.phrases and not parsed.excluded
    if plan is None and not meaning:
        return SearchResult(terms=parsed.words, suggestion=suggestion)
    where, params = _filters_sql(partnership.pk, actor, query)
    if meaning:
        depth = max(semantic.DEPTH, query.offset + query.limit + 1)
        lexical = backend().ranked_ids(plan, where, params, depth, 0, partnership.pk) if plan else []
        close = semantic.ranked_ids(query.text, where, params, depth)
        coverage_of = {pk: coverage for pk, coverage, __ in lexical}
        fused = semantic.fuse([pk for pk, *__ in lexical], [pk for pk, __ in close])
        ranked = [(pk, coverage_of.get(pk, 0.0), score) for pk, score in fused]
        ranked = ranked[query.offset : query.offset + query.limit + 1]
    elif plan is not None:
        ranked = backend().ranked_ids(plan, where, params, query.limit + 1, query.offset, partnership.pk)
    facets = None
    if query.facets and plan is not None:
        # Counted without the search's own kind, year and focus area, so that each choice shows what it leaves.
        every_where, every_params = _filters_sql(partnership.pk, actor, SearchQuery(text=query.text))
        facets = facets_count(backend().facet_rows(plan, every_where, every_params, partnership.pk))
    has_more = len(ranked) > query.limit
    ranked = ranked[: query.limit]
    # The stems are the index's input, never shown: not read back.
    entries = SearchEntry.objects.defer("folded").in_bulk([pk for pk, _, _ in ranked])
    stems = plan.stems if plan is not None else set()
    hits = []
    for pk, coverage, score in ranked:
        e = entries.get(pk)
        if e is None:  # postings of an entry that a bulk delete went past, until the next reindex
            continue
        hits.append(
            Hit(
                entry_id=pk,
                kind=e.kind,
                object_id=e.object_id,
                title=e.title,
                score=score,
                coverage=coverage,
                snippet=snippet_html(e.body or e.title, stems),
                url=e.url,
                filename=e.filename,
                year=e.year,
            )
        )
    return SearchResult(hits=hits, has_more=has_more, terms=parsed.words, suggestion=suggestion, facets=facets)
