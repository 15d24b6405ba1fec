"""The version of a record that an edit form was read at, and what has changed since (no lost update).

An edit form carries a token made of one short digest per field of the values it showed. When it is
posted, the same values are read again from the database and digested; a field whose digest differs
was changed in the meantime. If the save would write something else over such a change, it is
refused with those fields named. (A change the save agrees with, as when the same form is sent
twice, loses nothing and is let through.)

Why digests of the form's own values rather than a version column: they need no migration, they
work for every form (model forms, plain forms filled from a record, a form that records or corrects
a row picked by its key), and they name the fields that changed. A change to a field the form does
not show is no conflict, as the save does not write it.

Pure functions, standard library only.
"""

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal

# The token of a form that was read when there was nothing to overwrite (a new row by its key).
NOTHING = "-"
DIGEST_LENGTH = 12


def canonical(value: object) -> str:
    """A text that is equal for equal values: a related record by its key, a set in any order alike."""
    if value is None:
        return "None"
    if isinstance(value, bool | int | Decimal | str):
        return f"{type(value).__name__}:{value}"
    if isinstance(value, datetime | date | time):
        return f"{type(value).__name__}:{value.isoformat()}"
    pk = getattr(value, "pk", None)
    if pk is not None:
        # A related record is its key: the form shows a key, a save is given the record.
        return canonical(pk)
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return "[" + ",".join(sorted(canonical(v) for v in value)) + "]"
    return f"str:{value}"


def digest(value: object) -> str:
    return hashlib.sha256(canonical(value).encode()).hexdigest()[:DIGEST_LENGTH]


def version_token(values: Mapping[str, object] | None) -> str:
    """The token of a record's values as read (None: there was no record)."""
    if values is None:
        return NOTHING
    return ",".join(f"{name}={digest(value)}" for name, value in sorted(values.items()))


def _parse(token: str) -> dict[str, str] | None:
    if token == NOTHING:
        return None
    pairs = {}
    for part in token.split(","):
        name, sep, value = part.partition("=")
        if not sep or not name:
            # Not a token this module made: nothing in it can be trusted to match.
            return {}
        pairs[name] = value
    return pairs


def changed_since(token: str, values: Mapping[str, object] | None) -> list[str]:
    """The names of `values` (the record now; None: no record) whose value differs from the token's.

    A record that is there now but was not when the form was read has every field changed. One that
    is gone now is not this module's to report (the page that edits it is gone too).
    """
    if values is None:
        return []
    read = _parse(token)
    if read is None:
        return list(values)
    return [name for name, value in values.items() if read.get(name) != digest(value)]


def lost_changes(token: str, now: Mapping[str, object] | None, posted: Mapping[str, object]) -> list[str]:
    """The fields someone else changed since the token that the posted values would overwrite.

    A field changed meanwhile is lost if the save writes a different value over it (a field missing
    from `posted` counts as different); writing the same value loses nothing.
    """
    if now is None:
        return []
    return [
        name
        for name in changed_since(token, now)
        if name not in posted or canonical(posted[name]) != canonical(now[name])
    ]
