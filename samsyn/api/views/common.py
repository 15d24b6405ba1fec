"""What the operations share: a page of a list, and a page's form refused as the API refuses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import Form
from ninja import Field, Path

from ..http import lazy_text as _

# A list's page: `sida` as on the pages, and how many items a page holds.
PAGE_SIZE = 50
PAGE_SIZE_MAX = 200
PAGE_MAX = 1_000_000

# The filters that several lists take, declared once so that each list documents them alike.
YEAR = Field(None, ge=1900, le=2200, description=_("Year"))
COST_LINE = Field(None, max_length=80, description=_("The cost line's address name"))
PAGE = Field(1, ge=1, le=PAGE_MAX, description=_("The page's number"))
PER_PAGE = Field(PAGE_SIZE, ge=1, le=PAGE_SIZE_MAX, description=_("How many a page holds"))


def form_valid(form: Form) -> dict:
    """The form's cleaned data, or its errors as the API's 422."""
    if not form.is_valid():
        raise ValidationError({field: [str(m) for m in messages] for field, messages in form.errors.items()})
    return form.cleaned_data


def narrowed(rows, filters, **lookups: str):
    """`rows` narrowed by each of the list's filters that was given (neither None nor empty): each
    keyword names a filter, its value the field lookup it compares, e.g. year="date__year"."""
    for name, lookup in lookups.items():
        value = getattr(filters, name)
        if value is not None and value != "":
            rows = rows.filter(**{lookup: value})
    return rows


def page_slice(rows, sida: int, per_sida: int):
    """One page of `rows` (a queryset or a list) and the total."""
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    start = (sida - 1) * per_sida
    return list(rows[start : start + per_sida]), total


# What an address may name: a slug or key (as the pages' <slug:…> converters allow) or a positive
# id. Anything else is refused with 422 before a query is made, so that no value the database
# cannot take (a NUL character, an id past 64 bits) reaches it.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG = Path(..., pattern=SLUG_PATTERN, max_length=120)
ID = Path(..., ge=1, le=2**63 - 1)
