"""Keys for addresses made from a name, never typed by a user.

A key is the name through Django's slugify, cut to the field's length; when another record of the
same scope already has it, "-2", "-3" … is added until it is free. A record keeps its key when it
is renamed: addresses that people have saved must not break.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.text import slugify


def slug_unique(
    taken_in: QuerySet,
    text: str,
    *,
    field: str = "slug",
    max_length: int = 50,
    fallback: str,
    reserved: frozenset[str] = frozenset(),
) -> str:
    """A key made from `text` that no record of `taken_in` has in `field`.

    `fallback` stands for a name that slugify empties (only punctuation, say); `reserved` are the
    words the addresses beside the key already use ("ny" in /nyckeltal/ny/), which a key may not be."""
    base = slugify(text)[:max_length].strip("-") or fallback
    slug, n = base, 2
    while slug in reserved or taken_in.filter(**{field: slug}).exists():
        suffix = f"-{n}"
        slug, n = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}", n + 1
    return slug
