"""Django's reverse(), remembered: an address is worked out once per process for the same question.

Why: an initiative's page links about thirty addresses and the start page about fifteen, and
Django's reverse() walks its patterns and quotes the arguments each time (some 16 µs, a twentieth
of the initiative page). What reverse() returns depends only on the view's name, the arguments,
the current application, the URLconf and script prefix in force and the language (for patterns
that are translated), so with all of those in the key a remembered address is the one reverse()
would give. Only plain strings and integers are remembered as arguments: an object's text could
change while its key stays the same; any other argument goes to reverse() itself. A name that does
not reverse raises NoReverseMatch every time, as reverse() does (a failure is not remembered).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language

# Enough for the addresses a national-scale server links on its busy pages (about 20 MB at most).
CACHE_SIZE = 100_000


def _plain(values: Iterable[Any]) -> bool:
    return all(type(value) is int or isinstance(value, str) for value in values)


@lru_cache(maxsize=CACHE_SIZE)
def _reverse(
    viewname: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    urlconf: str | None,
    prefix: str,
    language: str | None,
) -> str:
    return django_reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse(
    viewname: Any,
    args: Iterable[Any] | None = None,
    kwargs: Mapping[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """The address of `viewname` with `args` or `kwargs`, as django.urls.reverse() gives it."""
    args = tuple(args or ())
    items = tuple(sorted((kwargs or {}).items()))
    if not isinstance(viewname, str) or not _plain(args) or not _plain(value for __, value in items):
        return django_reverse(viewname, args=args, kwargs=dict(items), current_app=current_app)
    return _reverse(viewname, args, items, current_app, get_urlconf(), get_script_prefix(), get_language())
