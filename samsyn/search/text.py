"""Swedish text for search: pure functions, no database.

Both search backends index the same Python-made terms, so that their results agree:

* `fold` lowers case and removes diacritics (å, ä → a; ö → o; é → e), so "Västerås" meets the
  OCR'd "Vasteras" of seed 003.
* OCR damage in seed 003 writes é for any of ö, ä, å ("méten", "sjélvstandiga", "fér"): a word with
  é (or è, ê) is indexed and queried as all three readings e/a/o (`variants`).
* `stem` is the Snowball Swedish stemmer (PyStemmer, the algorithm of PostgreSQL's swedish_stem),
  applied to folded words, so that "äldre"/"äldres" and "initiativet"/"initiativen" meet.
* `compound_split` splits a Swedish compound into two parts that the partnership's own vocabulary
  knows ("trygghetslösningar" → trygghet + lösning), so a compound meets texts that use its parts.
* `parse_query` reads a query: words, "quoted phrases" and -excluded words.
* `plain_text` renders Markdown and HTML to the text people read, for indexing and snippets.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.html
import Stemmer
from lxml.etree import ParserError

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_OCR_WILD = "éèê"  # OCR writes these for ö, ä or å in seed 003

# PostgreSQL's swedish.stop (Snowball's list), folded. Dropped from queries on both backends.
_STOP = (
    "och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du "
    "henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp vi "
    "dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna själv detta "
    "åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår "
    "blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert "
    "era vilkas"
)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


STOP_WORDS = frozenset(_strip_marks(w) for w in _STOP.split())


def words(text: str) -> list[str]:
    """The words of a text as written (no normalisation)."""
    return _WORD.findall(text or "")


@lru_cache(maxsize=200_000)
def variants(word: str) -> tuple[str, ...]:
    """The folded readings of one word: one, or three when OCR wrote é for ö, ä or å."""
    low = word.lower()
    if not any(c in low for c in _OCR_WILD):
        return (_strip_marks(low),)
    readings = []
    for vowel in ("e", "a", "o"):
        reading = _strip_marks("".join(vowel if c in _OCR_WILD else c for c in low))
        if reading not in readings:
            readings.append(reading)
    return tuple(readings)


def fold(text: str) -> str:
    """Folded text: every reading of every word, separated by spaces."""
    return " ".join(r for w in words(text) for r in variants(w))


_UNDOUBLE = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
NEUTER_MIN = 6  # "paket" is too short to be a definite form ("budget" is not, and meets "budg-")
# A PyStemmer object keeps state between calls: one per thread.
_stemmers = threading.local()


@lru_cache(maxsize=1_000_000)
def stem(word: str) -> str:
    """Snowball Swedish stem of a folded, lower-case word (digits and short words as they are)."""
    if len(word) < 3 or not word.isalpha():
        return word
    stemmer = getattr(_stemmers, "swedish", None)
    if stemmer is None:
        stemmer = _stemmers.swedish = Stemmer.Stemmer("swedish")
    stemmed = stemmer.stemWord(word)
    # Snowball leaves the definite neuter -et ("labbet", "samhället", "projektet"), so those never
    # met "labb", "samhälle", "projekt": taken off here, for index and query alike ("-het" is
    # Snowball's own to handle).
    if stemmed.endswith("et") and not stemmed.endswith("het") and len(stemmed) >= NEUTER_MIN:
        stemmed = stemmed[:-2]
        # and undoubled as Snowball's step 2 does, so "projektet" meets "projekt" (projek)
        if stemmed.endswith(_UNDOUBLE):
            stemmed = stemmed[:-1]
    return stemmed


def stems(text: str) -> str:
    """The stem of every reading of every word, in order: what phrases are matched against."""
    return " ".join(stem(r) for w in words(text) for r in variants(w))


# --- compounds -------------------------------------------------------------------------------------

# A part shorter than this is more often an inflection or a syllable than a word of its own.
MIN_PART = 4
MIN_COMPOUND = 2 * MIN_PART
# How a modifier may end inside a compound and stand alone ("skol|resultat" → skola, skolan;
# "trygghets|lösning" → trygghet): the forms of the head that the vocabulary is asked about.
_HEAD_ENDINGS = ("", "a", "an", "e")
# Linking morphemes dropped from the end of a modifier ("trygghet-s-", "gatu-").
_LINKS = ("s", "e", "u", "a", "o")


def _head_forms(head: str) -> list[str]:
    forms = [head]
    if head[-1] in _LINKS and len(head) - 1 >= MIN_PART:
        forms.append(head[:-1])
    return forms


def _head_stems(head: str) -> list[str]:
    """The stems a modifier can have as a word of its own, most likely first."""
    out: list[str] = []
    for form in _head_forms(head):
        for ending in _HEAD_ENDINGS:
            s = stem(form + ending)
            if s not in out:
                out.append(s)
    return out


@lru_cache(maxsize=200_000)
def split_probes(word: str) -> frozenset[str]:
    """Every stem that `compound_split` may ask the vocabulary about, for one folded word."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return frozenset()
    probes: set[str] = set()
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        probes.update(_head_stems(word[:i]))
        probes.add(stem(word[i:]))
    return frozenset(probes)


def compound_split(word: str, vocabulary: Mapping[str, int]) -> tuple[tuple[str, ...], str] | None:
    """Split a folded word into a modifier and a head word that `vocabulary` (stem → in how many
    texts) knows, or None.

    Returns (the modifier's stems found in the vocabulary, the head word's stem). Of several
    splits the one whose parts are most common wins (Koehn and Knight's rule: the geometric mean
    of the parts' frequencies), so a chance split into rare words loses to the real one."""
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    best: tuple[float, int, tuple[str, ...], str] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        tail = stem(word[i:])
        # A "part" that is only an inflection of the first ("kommun|erna") is no part.
        if len(tail) < 3 or vocabulary.get(tail, 0) <= 0 or word[i:] in _INFLECTIONS:
            continue
        heads = tuple(s for s in _head_stems(word[:i]) if len(s) >= 3 and vocabulary.get(s, 0) > 0)
        if not heads:
            continue
        weight = (max(vocabulary[s] for s in heads) * vocabulary[tail]) ** 0.5
        # Ties go to the longer modifier: Swedish compounds carry their meaning at the end.
        key = (weight, i, heads, tail)
        if best is None or key[:2] > best[:2]:
            best = key
    return None if best is None else (best[2], best[3])


_INFLECTIONS = frozenset(
    [
        "a",
        "arna",
        "erna",
        "heterna",
        "orna",
        "ad",
        "e",
        "ade",
        "ande",
        "arne",
        "are",
        "aste",
        "en",
        "anden",
        "aren",
        "heten",
        "ern",
        "ar",
        "er",
        "heter",
        "or",
        "as",
        "arnas",
        "ernas",
        "ornas",
        "es",
        "ades",
        "andes",
        "ens",
        "arens",
        "hetens",
        "erns",
        "at",
        "andet",
        "het",
        "ast",
        "ande",
        "ning",
        "ningar",
        "ningen",
        "lig",
        "liga",
        "ligt",
        "iga",
        "igt",
        "else",
        "elser",
    ]
)


# --- typos -----------------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
TYPO_MIN, TYPO_MAX = 4, 16  # shorter words have too many neighbours, longer ones are rarely typed wrong


@lru_cache(maxsize=20_000)
def typo_variants(reading: str) -> frozenset[str]:
    """The folded words one typing slip away from `reading` (a letter left out, added, changed,
    or two swapped): where "Menade du …" looks for a word the index knows."""
    if not (TYPO_MIN <= len(reading) <= TYPO_MAX) or not reading.isalpha():
        return frozenset()
    out: set[str] = set()
    for i in range(len(reading) + 1):
        head, tail = reading[:i], reading[i:]
        if tail:
            out.add(head + tail[1:])
            for c in _LETTERS:
                out.add(head + c + tail[1:])
        if len(tail) > 1:
            out.add(head + tail[1] + tail[0] + tail[2:])
        for c in _LETTERS:
            out.add(head + c + tail)
    out.discard(reading)
    return frozenset(out)


def _slip_rank(typed: str, meant: str) -> int:
    if len(meant) == len(typed):
        return 3 if sorted(meant) == sorted(typed) else 1
    return 2 if len(meant) > len(typed) else 0


def suggestion(parsed_words: tuple[tuple[str, ...], ...], typed: list[str], known: Mapping[str, int]) -> str | None:
    """The query with every word the index does not know replaced by the best-known word one slip
    away from it, or None when every word is known (or no neighbour is). `typed` is the words as
    the user wrote them, in the order of `parsed_words`; `known` stem → in how many texts."""
    changed, out = False, []
    for readings, written in zip(parsed_words, typed, strict=True):
        if any(known.get(stem(r), 0) > 0 for r in readings):
            out.append(written)
            continue
        # The best-known neighbour; among equals the likeliest slip: two letters swapped, then a
        # letter left out, a letter changed, a letter too many ("skoal" → "skola", not "skol";
        # "tryghet" → "trygghet", not "trygget").
        candidates = [(known.get(stem(v), 0), _slip_rank(r, v), v) for r in readings for v in typo_variants(r)]
        best = max(candidates, default=(0, 0, ""))
        if best[0] > 0:
            out.append(best[2])
            changed = True
        else:
            out.append(written)
    return " ".join(out) if changed else None


# --- queries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """words: each word's folded readings (stop words dropped), in the order typed, no repeats;
    phrases: the quoted phrases, each the folded readings' first reading of every word (stop words
    kept, since a phrase is matched word by word); excluded: the readings of each -word."""

    words: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    typed: tuple[str, ...] = field(default=(), compare=False)  # each word as written


_QUERY_TOKEN = re.compile(r'"([^"]*)"|(?<!\S)-([^\W_]+)|([^\W_]+)', re.UNICODE)


def _readings(word: str) -> tuple[str, ...]:
    return tuple(r for r in variants(word) if r not in STOP_WORDS)


def parse_query(query: str) -> ParsedQuery:
    """Read a query the way people type one: words ranked by how many a text holds, "a phrase"
    that must occur as written, and -word for texts that must not hold it."""
    found: list[tuple[str, ...]] = []
    typed: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[tuple[str, ...]] = []

    def add(word: str) -> None:
        readings = _readings(word)
        if readings and readings not in found:
            found.append(readings)
            typed.append(word)

    for match in _QUERY_TOKEN.finditer(query or ""):
        phrase, minus, word = match.groups()
        if phrase is not None:
            phrase_words = words(phrase)
            for w in phrase_words:
                add(w)
            if len(phrase_words) > 1:
                phrases.append(tuple(variants(w)[0] for w in phrase_words))
        elif minus is not None:
            readings = tuple(variants(minus))
            if readings not in excluded:
                excluded.append(readings)
        else:
            add(word)
    return ParsedQuery(tuple(found), tuple(phrases), tuple(excluded), tuple(typed))


def query_terms(query: str) -> list[tuple[str, ...]]:
    """The words of a query, each its folded readings (stop words dropped)."""
    return list(parse_query(query).words)


# --- plain text ------------------------------------------------------------------------------------

_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")
_HTML_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_HTML_BLOCKS = ("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article")
_MD_RULES = [
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # headings
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*([-*+]|\d+[.)])\s+", re.M), ""),  # list markers
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), ""),  # rules
    (re.compile(r"^\s*```.*$", re.M), ""),  # fences
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
    (re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$", re.M), ""),  # table rules
    (re.compile(r"[ \t]*\|[ \t]*"), "  "),  # table cells
]


def _html_to_text(text: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (ParserError, ValueError):
        return _HTML_TAG.sub(" ", text)
    for element in root.iter(*_HTML_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("td", "th"):
        element.tail = "  " + (element.tail or "")
    for element in root.iter("script", "style"):
        element.drop_tree()
    return root.text_content()


def plain_text(text: str) -> str:
    """The text people read in a Markdown or HTML text (or plain text, which passes unchanged but
    for its markup-looking parts): tags, entities, heading marks, emphasis, links and table
    pipes go, their words stay."""
    text = text or ""
    # Twice: HTML escaped once more (as a text editor may store it) is markup after the first pass.
    for _ in range(2):
        if _HTML_TAG.search(text) or _HTML_ENTITY.search(text):
            text = _html_to_text(text)
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return "\n".join(line.rstrip() for line in text.splitlines())


_HEADING = re.compile(
    r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$|<h1[^>]*>(.*?)</h1>|<title[^>]*>(.*?)</title>", re.M | re.I | re.S
)


def title_of(text: str, limit: int = 120) -> str:
    """A text's own title: its first Markdown heading, HTML <h1> or <title>, else its first short
    line; "" when it has none."""
    match = _HEADING.search(text or "")
    if match:
        found = plain_text(next(g for g in match.groups() if g is not None)).strip()
        if found:
            return " ".join(found.split())[:limit]
    for line in plain_text(text).splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else ""
    return ""
