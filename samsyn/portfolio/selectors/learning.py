"""Reads of relations, learning and status updates. Each runs a fixed number of queries.

Pages, PDFs and workbooks are rendered from the frozen dataclasses built here (`network_build`,
`status_rollup_build`) or in reports/learning.py (the learning log) and never query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.lib.counted import counted, first_and_count, rows_and_count
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import FocusArea, Partnership

from .. import network
from ..models import Colour, Initiative, LearningEntry, Phase, Relation, StatusUpdate

# How many learning entries the initiative page lists before pointing to the log.
INITIATIVE_LEARNING_LIMIT = 10
# Worst first: the roll-up lists red and orange before yellow and green.
COLOUR_ORDER = [Colour.RED, Colour.ORANGE, Colour.YELLOW, Colour.GREEN]


# ---------------------------------------------------------------- relations


@dataclass(frozen=True)
class RelationRow:
    """One line of the relations table, stored or derived from a shared testbed."""

    pk: int | None
    source_slug: str
    source_name: str
    kind: str
    kind_label: str
    target_slug: str
    target_name: str
    note: str
    derived: bool


@dataclass(frozen=True)
class LegendGroup:
    label: str
    colour: str
    shape: str
    points: str  # the marker's polygon at (8, 8) in a 16 × 16 swatch


@dataclass(frozen=True)
class LegendEdge:
    kind: str
    label: str
    colour: str
    dash: str
    width: float
    arrow: bool
    derived: bool


@dataclass(frozen=True)
class Network:
    focus_area_name: str
    made_on: date
    rows: tuple[RelationRow, ...]
    layout: network.Layout
    groups: tuple[LegendGroup, ...]
    edge_legend: tuple[LegendEdge, ...]

    @property
    def node_count(self) -> int:
        return len(self.layout.nodes)

    @property
    def stored_count(self) -> int:
        return sum(1 for r in self.rows if not r.derived)

    @property
    def derived_count(self) -> int:
        return sum(1 for r in self.rows if r.derived)


def _testbed_note(testbed_name: str) -> str:
    return _("Both are in the testbed %(testbed)s.") % {"testbed": testbed_name}


def derived_testbed_pairs(
    initiatives: Iterable[Initiative], stored_pairs: Collection[frozenset[int]]
) -> list[tuple[Initiative, Initiative, str]]:
    """Pairs of initiatives in the same testbed, as (a, b, testbed_name) with a before b by name.

    `initiatives` carry `.testbed`; `stored_pairs` holds frozensets of initiative ids that
    already have a stored "shares a testbed" relation, which then stands for the pair.
    """
    by_testbed: defaultdict[int, list[Initiative]] = defaultdict(list)
    names: dict[int, str] = {}
    for i in initiatives:
        if i.testbed_id and i.testbed:
            by_testbed[i.testbed_id].append(i)
            names[i.testbed_id] = i.testbed.name
    pairs = []
    for testbed_id, in_testbed in by_testbed.items():
        members = sorted(in_testbed, key=lambda i: (i.name.casefold(), i.pk))
        for a, b in combinations(members, 2):
            if frozenset((a.pk, b.pk)) not in stored_pairs:
                pairs.append((a, b, names[testbed_id]))
    return pairs


def _stored_testbed_pairs(relations: Iterable[Relation]) -> set[frozenset[int]]:
    return {frozenset((r.source_id, r.target_id)) for r in relations if r.kind == Relation.Kind.SHARES_TESTBED}


def network_build(
    partnership: Partnership,
    *,
    focus_areas: Sequence[FocusArea],
    focus_area: FocusArea | None = None,
    include_derived: bool = True,
) -> Network:
    """Every relation of the partnership (or those touching `focus_area`) as a drawing and a table.

    `focus_areas` is the partnership's list of focus areas, already loaded for the filter.
    Four queries: relations, testbed members, and who belongs to which focus area.
    """
    relations = list(Relation.objects.filter(partnership=partnership).select_related("source", "target"))
    pairs: list[tuple[Initiative, Initiative, str]] = []
    if include_derived:
        in_testbeds = Initiative.objects.filter(partnership=partnership, testbed__isnull=False).select_related(
            "testbed"
        )
        pairs = derived_testbed_pairs(
            in_testbeds.only("pk", "slug", "name", "testbed", "testbed__name"), _stored_testbed_pairs(relations)
        )
    membership: defaultdict[int, set[int]] = defaultdict(set)
    through = Initiative.focus_areas.through.objects.filter(initiative__partnership=partnership)
    for initiative_id, area_id in through.values_list("initiative_id", "focusarea_id"):
        membership[initiative_id].add(area_id)

    kind_labels = dict(Relation.Kind.choices)
    # (source initiative, target initiative, kind, derived, RelationRow)
    edges: list[tuple[Initiative, Initiative, str, bool, RelationRow]] = []
    for r in relations:
        row = RelationRow(
            pk=r.pk,
            source_slug=r.source.slug,
            source_name=r.source.name,
            kind=r.kind,
            kind_label=str(kind_labels[r.kind]),
            target_slug=r.target.slug,
            target_name=r.target.name,
            note=r.note,
            derived=False,
        )
        edges.append((r.source, r.target, r.kind, False, row))
    for a, b, testbed_name in pairs:
        row = RelationRow(
            pk=None,
            source_slug=a.slug,
            source_name=a.name,
            kind=Relation.Kind.SHARES_TESTBED,
            kind_label=str(kind_labels[Relation.Kind.SHARES_TESTBED]),
            target_slug=b.slug,
            target_name=b.name,
            note=_testbed_note(testbed_name),
            derived=True,
        )
        edges.append((a, b, Relation.Kind.SHARES_TESTBED, True, row))
    if focus_area is not None:
        edges = [e for e in edges if focus_area.pk in membership[e[0].pk] or focus_area.pk in membership[e[1].pk]]

    # Groups: each focus area in its order, then "several focus areas", then "none".
    area_group = {fa.pk: n for n, fa in enumerate(focus_areas)}
    several, without = len(focus_areas), len(focus_areas) + 1

    def group_of(initiative: Initiative) -> int:
        areas = membership[initiative.pk]
        if len(areas) == 1:
            return area_group.get(next(iter(areas)), without)
        return several if areas else without

    nodes: dict[str, network.NodeIn] = {}
    for source, target, *_rest in edges:
        for i in (source, target):
            nodes[i.slug] = network.NodeIn(key=i.slug, label=i.name, group=group_of(i))
    drawing = network.layout(
        nodes.values(), [network.EdgeIn(s.slug, t.slug, kind, derived) for s, t, kind, derived, _row in edges]
    )

    group_labels = [fa.name for fa in focus_areas] + [_("Several focus areas"), _("No focus area")]
    used = sorted({n.group for n in nodes.values()})
    groups: list[LegendGroup] = []
    for g in used:
        colour, shape = network.group_style(g)
        groups.append(
            LegendGroup(label=group_labels[g], colour=colour, shape=shape, points=network.shape_points(shape, 8, 8, 6))
        )
    legend: list[LegendEdge] = []
    for kind, label in Relation.Kind.choices:
        style = network.edge_style(kind)
        legend.append(
            LegendEdge(kind, str(label), style["colour"], style["dash"], style["width"], style["arrow"], False)
        )
    if include_derived:
        style = network.DERIVED_STYLE
        legend.append(
            LegendEdge(
                Relation.Kind.SHARES_TESTBED,
                _("shares a testbed with (derived from the initiatives' testbed)"),
                style["colour"],
                style["dash"],
                style["width"],
                style["arrow"],
                True,
            )
        )

    rows = sorted(
        (e[4] for e in edges), key=lambda r: (r.source_name.casefold(), r.kind, r.target_name.casefold(), r.derived)
    )
    return Network(
        focus_area_name=focus_area.name if focus_area else "",
        made_on=timezone.localdate(),
        rows=tuple(rows),
        layout=drawing,
        groups=tuple(groups),
        edge_legend=tuple(legend),
    )


@dataclass(frozen=True)
class InitiativeRelations:
    outgoing: tuple[Relation, ...]
    incoming: tuple[Relation, ...]
    # Initiatives in the same testbed that no stored "shares a testbed" relation covers: the first
    # few by name, and how many there are in all (a testbed may hold hundreds).
    testbed_peers: tuple[Initiative, ...]
    peer_count: int = 0


def relation_list_for_initiative(initiative: Initiative, *, peer_limit: int = 10) -> InitiativeRelations:
    """The initiative's relations both ways and its first testbed neighbours: two queries at most."""
    both = _relations_both(initiative.pk, initiative.pk)
    outgoing = tuple(
        sorted((r for r in both if r.source_id == initiative.pk), key=lambda r: (r.kind, r.target.name, r.pk))
    )
    incoming = tuple(
        sorted((r for r in both if r.target_id == initiative.pk), key=lambda r: (r.kind, r.source.name, r.pk))
    )
    peers: tuple[Initiative, ...] = ()
    peer_count = 0
    if initiative.testbed_id:
        stored = {r.target_id for r in outgoing if r.kind == Relation.Kind.SHARES_TESTBED}
        stored |= {r.source_id for r in incoming if r.kind == Relation.Kind.SHARES_TESTBED}
        if stored:
            others = Initiative.objects.filter(testbed_id=initiative.testbed_id).exclude(
                pk__in={initiative.pk, *stored}
            )
            first, peer_count = first_and_count(others.only("pk", "slug", "name").order_by("name", "pk"), peer_limit)
        else:
            # Most initiatives store no such relation: their query has one shape, compiled once.
            first, peer_count = rows_and_count(_testbed_peers(initiative.testbed_id, initiative.pk, limit=peer_limit))
        peers = tuple(first)
    return InitiativeRelations(outgoing=outgoing, incoming=incoming, testbed_peers=peers, peer_count=peer_count)


@prepared
def _relations_both(source_id: int, target_id: int) -> QuerySet[Relation]:
    return Relation.objects.filter(Q(source_id=source_id) | Q(target_id=target_id)).select_related("source", "target")


@prepared
def _testbed_peers(testbed_id: int, initiative_id: int, *, limit: int) -> QuerySet[Initiative]:
    return counted(
        Initiative.objects.filter(testbed_id=testbed_id)
        .exclude(pk=initiative_id)
        .only("pk", "slug", "name")
        .order_by("name", "pk"),
        limit,
    )


def initiative_search(initiative: Initiative, q: str, limit: int = 10) -> list[Initiative]:
    """Initiatives of `initiative`'s partnership whose name contains `q`, for the relation picker:
    at most `limit`, by name, one query. Never another partnership's."""
    q = q.strip()
    if not q:
        return []
    return list(
        Initiative.objects.filter(partnership_id=initiative.partnership_id, name__icontains=q)
        .exclude(pk=initiative.pk)
        .only("pk", "slug", "name", "phase")
        .order_by("name", "pk")[:limit]
    )


def initiative_choices(partnership: Partnership) -> list[Initiative]:
    """Initiatives to relate to, for the relation form: one query."""
    return list(Initiative.objects.filter(partnership=partnership).only("pk", "slug", "name").order_by("name", "pk"))


# ---------------------------------------------------------------- learning


def learning_list_for_initiative(
    initiative: Initiative, limit: int = INITIATIVE_LEARNING_LIMIT
) -> tuple[list[LearningEntry], bool]:
    """The newest entries, and whether there are more than `limit`: one query."""
    entries = list(
        LearningEntry.objects.filter(initiative=initiative)
        .select_related("author")
        .order_by("-date", "-pk")[: limit + 1]
    )
    return entries[:limit], len(entries) > limit


def learning_latest_for_initiative(initiative: Initiative, limit: int) -> tuple[list[LearningEntry], int]:
    """The newest `limit` entries and how many there are in all: one query."""
    return rows_and_count(_learning_latest(initiative.pk, limit=limit))


@prepared
def _learning_latest(initiative_id: int, *, limit: int) -> QuerySet[LearningEntry]:
    return counted(
        LearningEntry.objects.filter(initiative_id=initiative_id).select_related("author").order_by("-date", "-pk"),
        limit,
    )


def learning_log_list(
    partnership: Partnership,
    *,
    kind: str | None = None,
    focus_area: FocusArea | None = None,
    initiative: Initiative | None = None,
    year: int | None = None,
) -> QuerySet[LearningEntry]:
    qs = LearningEntry.objects.filter(partnership=partnership)
    if kind:
        qs = qs.filter(kind=kind)
    if focus_area is not None:
        qs = qs.filter(initiative__focus_areas=focus_area)
    if initiative is not None:
        qs = qs.filter(initiative=initiative)
    if year:
        qs = qs.filter(date__year=year)
    return (
        qs.select_related("initiative", "author")
        .prefetch_related(Prefetch("initiative__focus_areas", queryset=FocusArea.objects.only("id", "name", "order")))
        .order_by("-date", "-pk")
    )


def learning_filter_choices(partnership: Partnership) -> dict[str, list[Any]]:
    """Options of the log's filters: three queries whatever the size of the log."""
    return {
        "focus_areas": list(FocusArea.objects.filter(partnership=partnership)),
        "initiatives": initiative_choices(partnership),
        "years": [
            d.year for d in LearningEntry.objects.filter(partnership=partnership).dates("date", "year", order="DESC")
        ],
    }


# ---------------------------------------------------------------- status


STATUS_HISTORY_LIMIT = 20


def status_list_for_initiative(initiative: Initiative, limit: int = STATUS_HISTORY_LIMIT) -> list[StatusUpdate]:
    """The newest status updates: the page stays the same size however long the history."""
    return _status_list(initiative.pk, limit=limit)


@prepared
def _status_list(initiative_id: int, *, limit: int) -> QuerySet[StatusUpdate]:
    return (
        StatusUpdate.objects.filter(initiative_id=initiative_id)
        .select_related("author")
        .order_by("-date", "-pk")[:limit]
    )


def status_latest_for_initiatives(initiative_ids: Iterable[int]) -> dict[int, StatusUpdate]:
    """{initiative id: its latest StatusUpdate}: one query with a correlated subquery."""
    latest = StatusUpdate.objects.filter(initiative=OuterRef("initiative")).order_by("-date", "-pk").values("pk")[:1]
    rows = (
        StatusUpdate.objects.filter(initiative_id__in=list(initiative_ids))
        .filter(pk=Subquery(latest))
        .select_related("author")
    )
    return {s.initiative_id: s for s in rows}


@dataclass(frozen=True)
class RollupRow:
    initiative_slug: str
    initiative_name: str
    phase: str
    phase_label: str
    colour: str
    colour_label: str
    text: str
    date: date | None
    author: str


@dataclass(frozen=True)
class ColourCount:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class StatusRollup:
    counts: tuple[ColourCount, ...]
    with_status: tuple[RollupRow, ...]  # red first, then orange, yellow, green
    without_status: tuple[RollupRow, ...]

    @property
    def total(self) -> int:
        return len(self.with_status) + len(self.without_status)


def status_rollup_build(initiatives: Iterable[Initiative], latest: Mapping[int, StatusUpdate]) -> StatusRollup:
    """Count the initiatives by the colour of their latest status; no database.

    `initiatives` are the focus area's initiatives, `latest` maps an initiative id to its
    latest StatusUpdate (status_latest_for_initiatives)."""
    colour_labels = dict(Colour.choices)
    phase_labels = dict(Phase.choices)
    rank = {c.value: n for n, c in enumerate(COLOUR_ORDER)}
    with_status: list[RollupRow] = []
    without: list[RollupRow] = []
    for i in initiatives:
        s = latest.get(i.pk)
        row = RollupRow(
            initiative_slug=i.slug,
            initiative_name=i.name,
            phase=i.phase,
            phase_label=str(phase_labels.get(i.phase, i.phase)),
            colour=s.colour if s else "",
            colour_label=str(colour_labels.get(s.colour, s.colour)) if s else "",
            text=s.text if s else "",
            date=s.date if s else None,
            author=s.author.name if s and s.author else "",
        )
        (with_status if s else without).append(row)
    # Rows with a status always have its date; date.min only satisfies the type.
    with_status.sort(
        key=lambda r: (rank.get(r.colour, len(rank)), -(r.date or date.min).toordinal(), r.initiative_name.casefold())
    )
    without.sort(key=lambda r: r.initiative_name.casefold())
    counts = tuple(
        ColourCount(c.value, str(c.label), sum(1 for r in with_status if r.colour == c.value)) for c in COLOUR_ORDER
    )
    return StatusRollup(counts=counts, with_status=tuple(with_status), without_status=tuple(without))


def status_rollup(initiatives: Iterable[Initiative]) -> StatusRollup:
    listed = list(initiatives)
    return status_rollup_build(listed, status_latest_for_initiatives(i.pk for i in listed))
