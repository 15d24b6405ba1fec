"""Sense-making: which initiatives and documents are close, and why.

Seed 001 asks for support to see "how different initiatives can strengthen each other over time".
Every initiative (its name, description, testbed, perspectives and learning log) and every readable
document is a TF-IDF vector over the folded, stemmed words of the search index; closeness is the
cosine, and the reason is the shared terms that weigh most. Words that say little about what an
initiative is about are left out: common words (RELATED_STOP_WORDS) and the names of the
partnership's own organisations, places and testbeds, which every text of a place shares. With the
semantic extra, closeness in meaning (the search vectors' cosine) is a second ranking, fused with
the words' (semantic.fuse). The cost is bounded: at most MAX_DOCUMENTS documents and MAX_WORDS words
of each text are read, in a fixed number of queries.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from samsyn.core.models import Organization
from samsyn.portfolio.models import Initiative, LearningEntry, Testbed

from . import semantic
from . import text as textlib
from .engine import access_q
from .models import SearchEntry

MAX_DOCUMENTS = 300
MAX_WORDS = 4000
MIN_SCORE = 0.05
# Words too general to relate two initiatives (folded), on top of the search stop words.
RELATED_STOP_WORDS = frozenset(
    [
        "genom",
        "olika",
        "inom",
        "samt",
        "aven",
        "bland",
        "annat",
        "ska",
        "kan",
        "ocksa",
        "fler",
        "flera",
        "manga",
        "mer",
        "mera",
        "sker",
        "gor",
        "hos",
        "via",
        "nya",
        "ny",
        "tva",
        "tre",
        "initiativ",
        "initiativet",
        "initiativen",
        "fokus",
        "arbete",
        "arbetet",
        "arbeta",
        "ar",
        # Words of the partnership's way of working, in every kind of text: they name no theme.
        "kommun",
        "kommunen",
        "kommuner",
        "beslut",
        "beslutade",
        "behov",
        "kring",
        "syfte",
        "syftet",
        "utforska",
        "identifiera",
        "lart",
        "fatt",
        "infor",
        "framtidens",
        "framja",
        "motivera",
        "seed",
        "money",
        "pilotprojekt",
        "projekt",
        "projektet",
        "forskare",
        "deltagare",
        "aktorer",
        "tillsammans",
        "utveckla",
        "utveckling",
        "verksamhet",
        "verksamheten",
        "beslutat",
        "skapa",
        "varen",
        "hosten",
        "etablera",
        "fokusera",
        "engagera",
        "kopplat",
        "potential",
        "team",
        "grupp",
        "testbadd",
        "forsta",
        "okad",
        "okat",
    ]
)
# The same words as stems, so that every inflection of them is left out too.
RELATED_STOP_STEMS = frozenset(textlib.stem(word) for word in RELATED_STOP_WORDS)
# Close in meaning, with the semantic extra. The model's cosines of two texts run high and close
# together (0.8-0.9 for unrelated ones), so a text counts as close when its cosine stands out from
# the initiative's cosines with every other text: MEANING_Z standard deviations above their mean,
# among at least MIN_COMPARED texts.
MEANING_Z = 1.0
MIN_COMPARED = 10


@dataclass(frozen=True)
class Related:
    kind: str
    id: int
    title: str
    score: float
    terms: tuple[str, ...]
    url: str = ""
    slug: str = ""  # initiatives: for the link to their own related page

    @property
    def reason(self) -> str:
        """Why, in words: the themes both texts are about, or that they are close in meaning."""
        if not self.terms:
            return _("They say much the same in other words.")
        return _("Both are about %(themes)s.") % {"themes": words_list(self.terms)}

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Bridge:
    left: Related  # an initiative of one focus area
    right: Related  # a close initiative of another focus area
    score: float
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    term: str
    initiatives: tuple[Related, ...]


@dataclass
class Vector:
    entry_id: int
    kind: str
    object_id: int
    title: str
    url: str
    focus_areas: frozenset[int]
    weights: dict[str, float]


def words_list(words) -> str:
    """ "a", "a och b", "a, b och c": a list as it is said."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def name_stems(names) -> frozenset[str]:
    """The stems of the words of names (of organisations, places, testbeds): not themes."""
    stems = set()
    for name in names:
        for word in textlib.words(name or ""):
            for reading in textlib.variants(word.lower()):
                stems.add(textlib.stem(reading))
    return frozenset(stems)


def _tokens(text: str, surface: dict[str, Counter], names: frozenset[str] = frozenset()) -> Counter:
    counts: Counter[str] = Counter()
    for word in textlib.words(text)[:MAX_WORDS]:
        low = word.lower()
        if len(low) < 3 or low.isdigit():
            continue
        for reading in textlib.variants(low):
            if reading in textlib.STOP_WORDS or reading in RELATED_STOP_WORDS:
                continue
            s = textlib.stem(reading)
            if len(s) < 3 or s in names or s in RELATED_STOP_STEMS:
                continue
            counts[s] += 1
            surface[s][low] += 1
    return counts


class Model:
    """The TF-IDF vectors of one partnership as `actor` may see it."""

    def __init__(self, partnership, actor):
        self.surface: dict[str, Counter] = defaultdict(Counter)
        rows = list(
            SearchEntry.objects.filter(
                partnership=partnership, kind__in=[SearchEntry.Kind.INITIATIVE, SearchEntry.Kind.LEARNING]
            )
            .filter(access_q(actor))
            .values_list("id", "kind", "object_id", "title", "body", "url", "focus_areas")
        )
        rows += list(
            SearchEntry.objects.filter(partnership=partnership, kind=SearchEntry.Kind.DOCUMENT)
            .filter(access_q(actor))
            .order_by("-year", "-id")
            .values_list("id", "kind", "object_id", "title", "body", "url", "focus_areas")[:MAX_DOCUMENTS]
        )

        names = name_stems(
            [
                partnership.name,
                partnership.short_name,
                *Organization.objects.filter(partnership=partnership).values_list("name", flat=True),
                *(
                    n
                    for pair in Testbed.objects.filter(partnership=partnership).values_list("name", "place")
                    for n in pair
                ),
            ]
        )
        self.slugs = dict(Initiative.objects.filter(partnership=partnership).values_list("pk", "slug"))
        learning_of = dict(LearningEntry.objects.filter(partnership=partnership).values_list("pk", "initiative_id"))
        counts: dict[tuple[str, int], Counter] = {}
        meta: dict[tuple[str, int], tuple[int, str, str, frozenset[int]]] = {}
        for entry_id, kind, object_id, title, body, url, fas in rows:
            if kind == SearchEntry.Kind.LEARNING:
                # A learning entry adds its words to its initiative.
                initiative_id = learning_of.get(object_id)
                if initiative_id is None:
                    continue
                counts.setdefault((SearchEntry.Kind.INITIATIVE, initiative_id), Counter()).update(
                    _tokens(body, self.surface, names)
                )
                continue
            key = (kind, object_id)
            counts.setdefault(key, Counter()).update(_tokens(title + "\n" + body, self.surface, names))
            meta[key] = (entry_id, title, url, frozenset(int(x) for x in fas.strip("|").split("|") if x))
        counts = {k: v for k, v in counts.items() if k in meta}
        n = max(1, len(counts))
        df = Counter(term for c in counts.values() for term in c)
        self.idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
        self.df = df
        self.vectors: dict[tuple[str, int], Vector] = {}
        for key, c in counts.items():
            # Terms found in a single text cannot relate two texts; very common ones say little.
            weights = {t: (1 + math.log(tf)) * self.idf[t] for t, tf in c.items() if 1 < df[t] <= max(2, n * 0.5)}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            entry_id, title, url, focus_areas = meta[key]
            self.vectors[key] = Vector(
                entry_id, key[0], key[1], title, url, focus_areas, {t: w / norm for t, w in weights.items()}
            )

        # With the semantic extra: each text's vector, for closeness in meaning (one query).
        self.meaning: dict[tuple[str, int], object] = {}
        if semantic.available():
            by_entry = semantic.vectors_of([v.entry_id for v in self.vectors.values()])
            self.meaning = {k: by_entry[v.entry_id] for k, v in self.vectors.items() if v.entry_id in by_entry}

    def label(self, term: str) -> str:
        return self.surface[term].most_common(1)[0][0] if self.surface.get(term) else term

    def _compare(self, a: Vector, b: Vector, top: int = 4) -> tuple[float, tuple[str, ...]]:
        if len(a.weights) > len(b.weights):
            a, b = b, a
        shared = [(w * b.weights[t], t) for t, w in a.weights.items() if t in b.weights]
        score = sum(s for s, _ in shared)
        terms = tuple(self.label(t) for _, t in sorted(shared, reverse=True)[:top])
        return score, terms

    def _related(self, v: Vector, score: float, terms) -> Related:
        slug = self.slugs.get(v.object_id, "") if v.kind == SearchEntry.Kind.INITIATIVE else ""
        return Related(kind=v.kind, id=v.object_id, title=v.title, score=score, terms=terms, url=v.url, slug=slug)

    def related_to(self, initiative_id: int, limit: int = 10, kind: str | None = None) -> list[Related]:
        """The initiatives and documents (or those of `kind`) closest to an initiative: by the themes
        they share and, with the semantic extra, by meaning, the two rankings fused; closest first."""
        key = (SearchEntry.Kind.INITIATIVE, initiative_id)
        me = self.vectors.get(key)
        if me is None:
            return []
        by_words = []
        for other_key, other in self.vectors.items():
            if other is me or (kind and other.kind != kind):
                continue
            score, terms = self._compare(me, other)
            if score >= MIN_SCORE and terms:
                by_words.append((score, other_key, terms))
        by_words.sort(key=lambda found: (-found[0], found[1]))
        terms_of = {other_key: terms for __, other_key, terms in by_words}
        by_meaning = []
        if key in self.meaning:
            mine = self.meaning[key]
            cosines = [
                (semantic.cosine(mine, self.meaning[other_key]), other_key)
                for other_key, other in self.vectors.items()
                if other is not me and other_key in self.meaning
            ]
            if len(cosines) >= MIN_COMPARED:
                mean = statistics.fmean(c for c, __ in cosines)
                spread = statistics.pstdev(c for c, __ in cosines)
                by_meaning = [
                    (c, other_key)
                    for c, other_key in cosines
                    if spread > 0 and (c - mean) / spread >= MEANING_Z and (not kind or other_key[0] == kind)
                ]
            by_meaning.sort(key=lambda found: (-found[0], found[1]))
        if not by_meaning:
            return [self._related(self.vectors[k], score, terms) for score, k, terms in by_words[:limit]]
        fused = semantic.fuse([found[1] for found in by_words], [found[1] for found in by_meaning])
        return [self._related(self.vectors[k], score, terms_of.get(k, ())) for k, score in fused[:limit]]

    def initiatives(self) -> list[Vector]:
        return [v for k, v in self.vectors.items() if k[0] == SearchEntry.Kind.INITIATIVE]

    def bridges(self, limit: int = 15) -> list[Bridge]:
        """Close pairs of initiatives that share no focus area (one in each)."""
        items = [v for v in self.initiatives() if v.focus_areas]
        pairs = []
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if a.focus_areas & b.focus_areas:
                    continue
                score, terms = self._compare(a, b)
                if score >= MIN_SCORE and terms:
                    pairs.append(Bridge(self._related(a, score, terms), self._related(b, score, terms), score, terms))
        pairs.sort(key=lambda p: (-p.score, p.left.id, p.right.id))
        return pairs[:limit]

    def themes(self, limit: int = 12, min_initiatives: int = 3) -> list[Theme]:
        """Terms that recur across initiatives, weighed by how much they say in each."""
        by_term: dict[str, list[tuple[float, Vector]]] = defaultdict(list)
        for v in self.initiatives():
            for t, w in v.weights.items():
                by_term[t].append((w, v))
        ranked = sorted(
            ((sum(w for w, _ in vs), t, vs) for t, vs in by_term.items() if len(vs) >= min_initiatives),
            key=lambda x: (-x[0], x[1]),
        )
        return [
            Theme(
                self.label(t),
                tuple(self._related(v, w, ()) for w, v in sorted(vs, key=lambda x: (-x[0], x[1].object_id))[:8]),
            )
            for _, t, vs in ranked[:limit]
        ]
