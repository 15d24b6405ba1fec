"""reverse() with each address's shape worked out once per process.

Why: Django's reverse() looks the name up, tries the pattern's converters on the arguments and
quotes the result on every call, about a twentieth of an initiative's page. Most addresses the
pages write take a partnership's slug and a few slugs or ids, so the shape of each name's address
is found once, with stand-ins for the arguments, and later calls put their own arguments in place
of the stand-ins. A call whose arguments could come out differently from Django's (a keyword
argument, a value a converter could refuse or would quote, a name with more than one pattern)
goes to Django's reverse() itself.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.urls import URLResolver, get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse

# A text argument takes the fast way only when it is a slug: every converter that accepts text
# (slug, str, path) gives it back unchanged, and it needs no quoting.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
# Stand-ins no real argument equals: digits for whole numbers, letters for texts.
_INT_STAND_IN = 987_654_321_012
_TEXT_STAND_IN = "zqxsamsynstandin"


def _stand_in(kind: type, k: int) -> Any:
    return _INT_STAND_IN + k if kind is int else f"{_TEXT_STAND_IN}{k}zq"


def _patterns(resolver: URLResolver, viewname: str) -> int:
    """How many patterns answer to the name, in the namespace it names; 0 when the namespace is
    not one of the resolver's own (an application namespace, which Django maps itself)."""
    *namespaces, name = viewname.split(":")
    for namespace in namespaces:
        try:
            __, resolver = resolver.namespace_dict[namespace]
        except KeyError:
            return 0
    return len(resolver.reverse_dict.getlist(name))


@lru_cache(maxsize=2048)
def _shape(
    viewname: str, kinds: tuple[type, ...], current_app: str | None, prefix: str, urlconf: str | None
) -> tuple[str, ...] | None:
    """The address of `viewname` cut at its arguments: literal parts around each argument's place,
    in order; None when the fast way cannot be trusted for this name and kinds of argument."""
    stand_ins = [_stand_in(kind, k) for k, kind in enumerate(kinds)]
    try:
        url = django_reverse(viewname, urlconf=urlconf, args=stand_ins, current_app=current_app)
    except Exception:  # noqa: BLE001 - any failure leaves the call to Django's reverse()
        return None
    # A name with several patterns may pick another pattern for other values than the stand-ins.
    if _patterns(get_resolver(urlconf), viewname) != 1:
        return None
    parts: list[str] = []
    rest = url
    for stand_in in stand_ins:
        text = str(stand_in)
        if rest.count(text) != 1:
            return None
        before, rest = rest.split(text)
        parts.append(before)
    parts.append(rest)
    return tuple(parts)


def reverse(
    viewname: Any,
    urlconf: str | None = None,
    args: Any = None,
    kwargs: Any = None,
    current_app: str | None = None,
    **options: Any,
) -> str:
    """Django's reverse(), the same address, faster for positional slugs and ids."""
    if kwargs or options or not isinstance(viewname, str):
        return django_reverse(viewname, urlconf, args, kwargs, current_app, **options)
    args = args or ()
    kinds = []
    for value in args:
        kind = type(value)
        if kind is int:
            if value < 0:
                return django_reverse(viewname, urlconf, args, kwargs, current_app)
        elif kind is str:
            if not _SLUG.match(value):
                return django_reverse(viewname, urlconf, args, kwargs, current_app)
        else:
            return django_reverse(viewname, urlconf, args, kwargs, current_app)
        kinds.append(kind)
    shape = _shape(viewname, tuple(kinds), current_app, get_script_prefix(), urlconf or get_urlconf())
    if shape is None:
        return django_reverse(viewname, urlconf, args, kwargs, current_app)
    out = [shape[0]]
    for value, part in zip(args, shape[1:], strict=True):
        out.append(str(value))
        out.append(part)
    return "".join(out)
