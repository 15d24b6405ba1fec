"""Reads of the portfolio. Each returns what a page needs in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import CharField, Count, F, IntegerField, Prefetch, Q, QuerySet, TextField, Value, Window
from django.db.models.functions import Cast

from samsyn.core.lib.counted import rows_and_count
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import FocusArea, Organization, Partnership, Person

from ..models import Initiative, Perspective, Phase, SocietalGoal, Testbed


def initiatives_filter(
    qs: QuerySet[Initiative],
    *,
    focus_area: FocusArea | None = None,
    party: Organization | None = None,
    testbed: Testbed | None = None,
    perspective: Perspective | None = None,
    q: str | None = None,
) -> QuerySet[Initiative]:
    """The filters every initiative view offers, applied to `qs`."""
    if focus_area is not None:
        qs = qs.filter(focus_areas=focus_area)
    if party is not None:
        qs = qs.filter(parties=party)
    if testbed is not None:
        qs = qs.filter(testbed=testbed)
    if perspective is not None:
        qs = qs.filter(perspectives=perspective)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return qs


def initiative_list(
    partnership: Partnership,
    *,
    focus_area: FocusArea | None = None,
    phase: str | None = None,
    party: Organization | None = None,
    testbed: Testbed | None = None,
    perspective: Perspective | None = None,
    q: str | None = None,
    owner: Person | int | None = None,
) -> QuerySet[Initiative]:
    qs = initiatives_filter(
        Initiative.objects.filter(partnership=partnership),
        focus_area=focus_area,
        party=party,
        testbed=testbed,
        perspective=perspective,
        q=q,
    )
    if phase:
        qs = qs.filter(phase=phase)
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs.select_related("testbed", "owner").order_by("name", "pk")


# The filters of the list that compare a value the query can take as a parameter, with the lookup
# each uses; a free-text search (q) rewrites its value and goes through the ORM as it is.
PAGE_FILTERS = {
    "focus_area": "focus_areas",
    "phase": "phase",
    "party": "parties",
    "testbed": "testbed",
    "perspective": "perspectives",
    "owner": "owner",
}
LIST_COLUMNS = ("id", "slug", "name", "phase", "testbed", "testbed__name", "owner", "owner__name")


def initiative_page(partnership: Partnership, filters: dict[str, Any], number: Any, size: int) -> Page:
    """One page of the initiative list with these filters, by name, with the total it counts: one
    query, compiled once for each set of filters and page (core.lib.prepared); a page past the last
    is the last, as Django's Paginator.get_page() gives."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    if filters.get("q"):
        return Paginator(initiative_list(partnership, **filters).only(*LIST_COLUMNS), size).get_page(number)
    present = tuple(name for name in PAGE_FILTERS if filters.get(name) is not None)
    values = [_value(filters[name]) for name in present]
    rows, total = rows_and_count(
        _initiative_page(partnership.pk, *values, present=present, offset=(number - 1) * size, size=size)
    )
    if not rows and number > 1:
        # Grouped by partnership, the count is no row at all when nothing matches the filters.
        counted = _initiative_count(partnership.pk, *values, present=present)
        total = counted[0]["n"] if counted else 0
        number = max(1, -(-total // size))
        rows, total = rows_and_count(
            _initiative_page(partnership.pk, *values, present=present, offset=(number - 1) * size, size=size)
        )
    return Paginator(_KnownPage(total, (number - 1) * size, rows), size).page(number)


def _value(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


def _filtered(partnership_id: int, values: tuple[Any, ...], present: tuple[str, ...]) -> QuerySet[Initiative]:
    return Initiative.objects.filter(
        partnership_id=partnership_id,
        **{PAGE_FILTERS[name]: value for name, value in zip(present, values, strict=True)},
    )


@prepared
def _initiative_page(
    partnership_id: int, *values: Any, present: tuple[str, ...], offset: int, size: int
) -> QuerySet[Initiative]:
    qs = _filtered(partnership_id, values, present).select_related("testbed", "owner").only(*LIST_COLUMNS)
    return qs.annotate(row_total=Window(Count("pk"))).order_by("name", "pk")[offset : offset + size]


@prepared
def _initiative_count(partnership_id: int, *values: Any, present: tuple[str, ...]) -> QuerySet[Any]:
    return _filtered(partnership_id, values, present).values("partnership_id").annotate(n=Count("pk")).order_by()


class _KnownPage(Sequence[Initiative]):
    """The rows of one page and the total, as a sequence Paginator can page: its length is the
    total, and the page's slice is the rows already read."""

    def __init__(self, total: int, offset: int, rows: list[Initiative]):
        self.total, self.offset, self.rows = total, offset, rows

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice) and (index.start or 0) == self.offset:
            return self.rows
        raise IndexError("only the page that was read")


def initiative_list_names(initiative_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The focus areas' and parties' names of the given initiatives, in the order the list shows
    them. Plain SQL on the link tables, written once here: the ORM took longer to build and check
    a list of 50 ids than the database took to answer, and the list needs no model instances."""
    focus_areas: dict[int, list[str]] = defaultdict(list)
    parties: dict[int, list[str]] = defaultdict(list)
    if not initiative_ids:
        return focus_areas, parties
    q = connection.ops.quote_name
    ids = ", ".join(str(int(pk)) for pk in initiative_ids)
    focus_area_link = Initiative.focus_areas.through._meta.db_table
    party_link = Initiative.parties.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.initiative_id, f.name FROM {q(focus_area_link)} l "
            f"JOIN {q(FocusArea._meta.db_table)} f ON f.id = l.focusarea_id "
            f"WHERE l.initiative_id IN ({ids}) ORDER BY f.{q('order')}, f.name, f.id"
        )
        for initiative_id, name in cursor.fetchall():
            focus_areas[initiative_id].append(name)
        cursor.execute(
            f"SELECT l.initiative_id, o.short_name, o.name FROM {q(party_link)} l "
            f"JOIN {q(Organization._meta.db_table)} o ON o.id = l.organization_id "
            f"WHERE l.initiative_id IN ({ids}) ORDER BY o.name, o.id"
        )
        for initiative_id, short_name, name in cursor.fetchall():
            parties[initiative_id].append(short_name or name)
    return focus_areas, parties


def initiative_get(partnership: Partnership, slug: str) -> Initiative:
    """One initiative with everything its page shows, or Initiative.DoesNotExist."""
    return (
        Initiative.objects.select_related("testbed", "owner", "owner__organization")
        .prefetch_related(
            "focus_areas",
            Prefetch("societal_goals", queryset=SocietalGoal.objects.select_related("focus_area")),
            "perspectives",
            "parties",
            "partners",
            "disciplines",
        )
        .get(partnership=partnership, slug=slug)
    )


def initiative_get_for_page(partnership: Partnership, slug: str) -> Initiative:
    """One initiative for its page: its focus areas (which the policy asks about) and the rows it
    points to, in two queries; the names of its other links come from `initiative_labels`."""
    found = _initiative_for_page(partnership.pk, slug)
    if not found:
        raise Initiative.DoesNotExist
    initiative = found[0]
    # The partnership the request has already read, rather than the same row joined again.
    initiative.partnership = partnership
    # What prefetch_related() would leave, from a query compiled once rather than built per view.
    focus_areas = initiative.focus_areas.all()
    focus_areas._result_cache = _initiative_focus_areas(initiative.pk)
    focus_areas._prefetch_done = True
    initiative._prefetched_objects_cache = {"focus_areas": focus_areas}
    return initiative


@prepared
def _initiative_for_page(partnership_id: int, slug: str) -> QuerySet[Initiative]:
    # A slug is unique within its partnership: one row at most.
    return Initiative.objects.select_related("testbed", "owner", "owner__organization").filter(
        partnership_id=partnership_id, slug=slug
    )[:1]


@prepared
def _initiative_focus_areas(initiative_id: int) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(initiatives=initiative_id).only("id", "slug", "name", "order")


LABEL_KINDS = ("societal_goals", "perspectives", "parties", "partners", "disciplines")


def initiative_labels(initiative: Initiative) -> dict[str, list[str]]:
    """The names of the initiative's societal goals, perspectives, parties, other partners and
    disciplines, each list in its usual order: one query (a union of the five link tables)."""
    labels: dict[str, list[str]] = {kind: [] for kind in LABEL_KINDS}
    rows = _initiative_labels(initiative.pk)
    for kind, __, label in sorted(rows, key=lambda row: (row[0], row[1], row[2].casefold())):
        labels[kind].append(label)
    return labels


@prepared
def _initiative_labels(initiative_id: int) -> QuerySet[Any]:

    def rows(field: str, label: str, *order: Any) -> QuerySet[Any]:
        through = getattr(Initiative, field).through.objects.filter(initiative_id=initiative_id)
        rank = order[0] * 1000 + order[1] if len(order) == 2 else (order[0] if order else Value(0))
        return through.annotate(
            kind=Value(field, output_field=CharField()),
            rank=Cast(rank, IntegerField()),
            label=Cast(F(label), TextField()),
        ).values_list("kind", "rank", "label")

    union = rows("societal_goals", "societalgoal__text", F("societalgoal__focus_area__order"), F("societalgoal__order"))
    union = union.union(
        rows("perspectives", "perspective__name", F("perspective__order")),
        rows("parties", "organization__name"),
        rows("partners", "organization__name"),
        rows("disciplines", "discipline__name"),
        all=True,
    )
    return union


def filter_choices(partnership: Partnership) -> dict[str, list[Any]]:
    """Options of the initiative filters: one query per list whatever the data size."""
    return {
        "focus_areas": _focus_areas(partnership.pk),
        "parties": _parties(partnership.pk),
        "testbeds": _testbeds(partnership.pk),
        "perspectives": _perspectives(partnership.pk),
    }


# The initiative list and the start page ask these on every request; only the partnership
# changes, so each is compiled once (core.lib.prepared).
@prepared
def _focus_areas(partnership_id: int) -> QuerySet[FocusArea]:
    return FocusArea.objects.filter(partnership_id=partnership_id)


@prepared
def _parties(partnership_id: int) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(partnership_id=partnership_id, memberships__isnull=False)
        .distinct()
        .order_by("name")
    )


@prepared
def _testbeds(partnership_id: int) -> QuerySet[Testbed]:
    return Testbed.objects.filter(partnership_id=partnership_id)


@prepared
def _perspectives(partnership_id: int) -> QuerySet[Perspective]:
    return Perspective.objects.filter(partnership_id=partnership_id)


def portfolio_counts(
    partnership: Partnership, *, focus_area_ids: Iterable[int] | None = None
) -> dict[int | None, dict[str, int]]:
    """Initiatives per focus area and phase: {focus_area_id: {phase: n}} plus totals per area."""
    if focus_area_ids is None:
        rows = _counts(partnership.pk)
    else:
        qs = Initiative.objects.filter(partnership=partnership, focus_areas__in=focus_area_ids)
        rows = list(qs.values("focus_areas", "phase").annotate(n=Count("id", distinct=True)).order_by())
    by_area: defaultdict[int | None, dict[str, int]] = defaultdict(dict)
    for row in rows:
        by_area[row["focus_areas"]][row["phase"]] = row["n"]
    return by_area


@prepared
def _counts(partnership_id: int) -> QuerySet[Any, Any]:
    """portfolio_counts of the whole portfolio, on every start page: compiled once."""
    return (
        Initiative.objects.filter(partnership_id=partnership_id)
        .values("focus_areas", "phase")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )


def portfolio_overview(partnership: Partnership, *, focus_area_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Rows for the 'portfolio in numbers' table: each focus area with a count per phase."""
    if focus_area_ids is None:
        areas = _focus_areas(partnership.pk)
    else:
        areas = list(FocusArea.objects.filter(partnership=partnership, pk__in=focus_area_ids))
    counts = portfolio_counts(partnership, focus_area_ids=focus_area_ids)
    phases = list(Phase)
    rows: list[dict[str, Any]] = []
    for area in areas:
        per_phase = [counts.get(area.pk, {}).get(p.value, 0) for p in phases]
        rows.append({"focus_area": area, "counts": per_phase, "total": sum(per_phase)})
    without = counts.get(None)
    if without and focus_area_ids is None:
        per_phase = [without.get(p.value, 0) for p in phases]
        rows.append({"focus_area": None, "counts": per_phase, "total": sum(per_phase)})
    return {"phases": phases, "rows": rows}


def focus_area_get(partnership: Partnership, slug: str) -> FocusArea:
    return FocusArea.objects.prefetch_related("societal_goals", "testbeds").get(partnership=partnership, slug=slug)


def focus_area_list(partnership: Partnership) -> list[FocusArea]:
    return list(
        FocusArea.objects.filter(partnership=partnership)
        .annotate(initiative_count=Count("initiatives", distinct=True))
        .prefetch_related("societal_goals")
    )


def initiatives_by_phase(initiatives: Iterable[Initiative]) -> list[tuple[Phase, list[Initiative]]]:
    grouped: dict[Phase, list[Initiative]] = {p: [] for p in Phase}
    for initiative in initiatives:
        grouped[Phase(initiative.phase)].append(initiative)
    return [(phase, items) for phase, items in grouped.items() if items]
