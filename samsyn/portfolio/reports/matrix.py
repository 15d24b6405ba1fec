"""The whole-portfolio matrix (helhetsportfölj, the last page of seed 001) as one report.

`matrix_report_build` reads once and returns a frozen MatrixReport; the page, the PDF
(the page's template through WeasyPrint), the XLSX (`matrix_sheets`) and JSON are rendered
from it by the report registry's renderers and never query, so every format shows the same
items in the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.policy import Target
from samsyn.core.reports import Column, Param, ReportKind, Sheet, report_register
from samsyn.core.selectors import parties_current

from ..models import Layer, MatrixItem, Portfolio, Ring, Stage
from ..selectors import matrix as selectors_matrix

# The seed's sub-labels under each row and column heading. The strategic parties are the
# partnership's own parties, read from its memberships, so another partnership sees its own.
LAYER_SUBLABELS = {
    Layer.FOCUS_AREAS: [gettext_lazy("Innovation, research and education initiatives")],
    Layer.PROCESSES: [gettext_lazy("Methods"), gettext_lazy("Ways of working"), gettext_lazy("Digital tools")],
    Layer.COMPETENCE: [gettext_lazy("Abilities"), gettext_lazy("Knowledge"), gettext_lazy("Experience")],
    Layer.SCIENCE: [gettext_lazy("Scientific rigour"), gettext_lazy("Research"), gettext_lazy("Higher education")],
    Layer.RELATIONAL: [gettext_lazy("Teams"), gettext_lazy("Consortia"), gettext_lazy("Networks")],
    Layer.OPERATIONAL: [
        gettext_lazy("Agreements and contracts"),
        gettext_lazy("Financing"),
        gettext_lazy("Governance and management"),
    ],
    Layer.CULTURE: [gettext_lazy("History"), gettext_lazy("Vision and mission"), gettext_lazy("Principles")],
}
RING_SUBLABELS = {
    Ring.INDIVIDUAL: [
        gettext_lazy("Employees"),
        gettext_lazy("Students"),
        gettext_lazy("Researchers"),
        gettext_lazy("Teachers"),
    ],
    Ring.PROCESS_SUPPORT: [gettext_lazy("Inner ring"), gettext_lazy("Outer ring")],
    Ring.ENABLING_TEAMS: [gettext_lazy("Core Team"), gettext_lazy("The board")],
    Ring.STRATEGIC_PARTIES: [],
    Ring.PARTNERS: [
        gettext_lazy("Public actors"),
        gettext_lazy("Business"),
        gettext_lazy("Civil society"),
        gettext_lazy("Funders"),
    ],
    Ring.WIDER_NETWORK: [gettext_lazy("Local"), gettext_lazy("National"), gettext_lazy("International")],
}
STAGE_SUBLABELS = {
    Stage.EVALUATE: [gettext_lazy("what we want to happen, what has happened")],
    Stage.COMMUNICATE: [gettext_lazy("insights, events, knowledge")],
}
STAGE_ORDER = {stage.value: n for n, stage in enumerate(Stage)}


@dataclass(frozen=True)
class Heading:
    key: str
    label: str
    sublabels: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The heading as one line: "Individual (Employees, Students, …)"."""
        return f"{self.label} ({', '.join(self.sublabels)})" if self.sublabels else self.label


@dataclass(frozen=True)
class MatrixEntry:
    pk: int
    partnership_id: int
    title: str
    kind: str
    kind_label: str
    layer: str
    layer_label: str
    ring: str
    ring_label: str
    stage: str
    stage_label: str
    focus_area_id: int | None
    focus_area_name: str
    initiative_slug: str
    initiative_name: str
    description: str

    @property
    def meta(self) -> str:
        """Kind and stage in words, as every format shows them after the title."""
        return ", ".join(part for part in (self.kind_label, self.stage_label) if part)

    @property
    def line(self) -> str:
        return f"{self.title} ({self.meta})"

    def policy_target(self) -> Target:
        # The same target as MatrixItem.policy_target, so templates can ask `can` of an entry.
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset({self.focus_area_id}) if self.focus_area_id else frozenset(),
        )


@dataclass(frozen=True)
class MatrixCell:
    layer: str
    ring: str
    ring_label: str
    entries: tuple[MatrixEntry, ...]

    @property
    def id(self) -> str:
        return f"cell-{self.layer}-{self.ring}"


@dataclass(frozen=True)
class MatrixRow:
    layer: Heading
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class MatrixReport:
    partnership_name: str
    portfolio_name: str
    portfolio_slug: str
    filter_text: str
    made_on: date
    cycle: tuple[Heading, ...]
    rings: tuple[Heading, ...]
    rows: tuple[MatrixRow, ...]
    entries: tuple[MatrixEntry, ...]

    @property
    def cycle_text(self) -> str:
        return " → ".join(stage.text for stage in self.cycle)


def _entry(item: MatrixItem) -> MatrixEntry:
    return MatrixEntry(
        pk=item.pk,
        partnership_id=item.partnership_id,
        title=item.title,
        kind=item.kind,
        kind_label=str(item.get_kind_display()),
        layer=item.layer,
        layer_label=str(item.get_layer_display()),
        ring=item.ring,
        ring_label=str(item.get_ring_display()),
        stage=item.stage,
        stage_label=str(item.get_stage_display()) if item.stage else "",
        focus_area_id=item.focus_area_id,
        focus_area_name=item.focus_area.name if item.focus_area else "",
        initiative_slug=item.initiative.slug if item.initiative else "",
        initiative_name=item.initiative.name if item.initiative else "",
        description=item.description,
    )


def _sort_key(item: MatrixItem):
    # Within a cell, items follow the cycle from exploring to communicating; those without a stage come last.
    return (STAGE_ORDER.get(item.stage, len(STAGE_ORDER)), item.order, item.title.lower(), item.pk)


def matrix_filter_text(*, focus_area=None, without_focus_area=False, kind=None) -> str:
    parts = []
    if without_focus_area:
        parts.append(_("Focus area: %(name)s") % {"name": _("none (the board's items)")})
    elif focus_area is not None:
        parts.append(_("Focus area: %(name)s") % {"name": focus_area.name})
    if kind:
        parts.append(_("Kind: %(kind)s") % {"kind": MatrixItem.Kind(kind).label})
    return "; ".join(parts) or _("All items")


def matrix_report_build(
    partnership, portfolio, *, focus_area=None, without_focus_area=False, kind=None, on=None
) -> MatrixReport:
    items = sorted(
        selectors_matrix.matrix_item_list(
            portfolio, focus_area=focus_area, without_focus_area=without_focus_area, kind=kind
        ),
        key=_sort_key,
    )
    party_names = tuple(m.organization.name for m in parties_current(partnership, on))
    by_cell: dict[tuple[str, str], list[MatrixEntry]] = {}
    for item in items:
        by_cell.setdefault((item.layer, item.ring), []).append(_entry(item))

    rings = tuple(
        Heading(
            ring.value,
            str(ring.label),
            party_names if ring == Ring.STRATEGIC_PARTIES else tuple(str(s) for s in RING_SUBLABELS[ring]),
        )
        for ring in Ring
    )
    rows = tuple(
        MatrixRow(
            layer=Heading(layer.value, str(layer.label), tuple(str(s) for s in LAYER_SUBLABELS[layer])),
            cells=tuple(
                MatrixCell(layer.value, ring.key, ring.label, tuple(by_cell.get((layer.value, ring.key), ())))
                for ring in rings
            ),
        )
        for layer in Layer
    )
    return MatrixReport(
        partnership_name=partnership.name,
        portfolio_name=portfolio.name,
        portfolio_slug=portfolio.slug,
        filter_text=matrix_filter_text(focus_area=focus_area, without_focus_area=without_focus_area, kind=kind),
        made_on=on or timezone.localdate(),
        cycle=tuple(
            Heading(stage.value, str(stage.label), tuple(str(s) for s in STAGE_SUBLABELS.get(stage, ())))
            for stage in Stage
        ),
        rings=rings,
        rows=rows,
        entries=tuple(entry for row in rows for cell in row.cells for entry in cell.entries),
    )


def _heading_cell(heading: Heading) -> str:
    # As on the page: the label, and the sub-labels on a line of their own.
    return "\n".join(part for part in (heading.label, ", ".join(heading.sublabels)) if part)


def matrix_sheets(report: MatrixReport) -> tuple[Sheet, ...]:
    """The matrix on one sheet as on the page, every item on another."""
    width = len(report.rings) + 1
    matrix_rows = [
        (report.filter_text,),
        (_("Cycle"), report.cycle_text),
        (_("Layer / ring of actors"), *[_heading_cell(ring) for ring in report.rings]),
    ]
    matrix_rows += [
        (_heading_cell(row.layer), *["\n".join(e.line for e in cell.entries) for cell in row.cells])
        for row in report.rows
    ]
    return (
        Sheet(
            name=_("Matrix"),
            title=f"{report.portfolio_name}: {_('whole-portfolio matrix')}",
            columns=(Column(""),) * width,
            rows=tuple(matrix_rows),
            bold_rows=frozenset({1, 2}),
            header=False,
            widths=(30, *[36] * (width - 1)),
            wrap=True,
            freeze="B5",
        ),
        Sheet(
            name=_("Items"),
            title=f"{report.portfolio_name}: {report.filter_text}",
            columns=tuple(
                Column(h)
                for h in (
                    _("Title"),
                    _("Kind"),
                    _("Layer"),
                    _("Ring of actors"),
                    _("Stage of the cycle"),
                    _("Focus area"),
                    _("Initiative"),
                    _("Description"),
                )
            ),
            rows=tuple(
                (
                    e.title,
                    e.kind_label,
                    e.layer_label,
                    e.ring_label,
                    e.stage_label,
                    e.focus_area_name,
                    e.initiative_name,
                    e.description,
                )
                for e in report.entries
            ),
        ),
    )


# The matrix's filter in words, as the page's form takes it: a focus area's slug, or "-" for the board's items.
BOARD_ITEMS = "-"


def matrix_build(partnership, portfolio, focus_area: str = "", kind: str = "") -> MatrixReport:
    """The matrix of the portfolio with that slug, filtered as the page filters; LookupError when
    the portfolio or the focus area is not there."""
    try:
        found = selectors_matrix.matrix_portfolio_get(partnership, portfolio)
    except Portfolio.DoesNotExist:
        raise LookupError(f"no portfolio {portfolio!r}") from None
    filters: dict = {"kind": kind or None}
    if focus_area == BOARD_ITEMS:
        filters["without_focus_area"] = True
    elif focus_area:
        areas = {fa.slug: fa for fa in selectors_matrix.matrix_focus_areas(partnership)}
        if focus_area not in areas:
            raise LookupError(f"no focus area {focus_area!r}")
        filters["focus_area"] = areas[focus_area]
    return matrix_report_build(partnership, found, **filters)


MATRIX = report_register(
    ReportKind(
        name="matrix",
        title="The whole-portfolio matrix of a portfolio",
        build=matrix_build,
        params=(
            Param("portfolio", str, "the portfolio's slug", required=True),
            Param("focus_area", str, "a focus area's slug, or - for the board's items"),
            Param("kind", str, "only items of this kind"),
        ),
        template="portfolio/matrix/matrix.html",
        # What the page's links need of the portfolio, from the report itself.
        context=lambda report: {"portfolio": {"slug": report.portfolio_slug, "name": report.portfolio_name}},
        sheets=matrix_sheets,
        filename=lambda report: f"helhetsportfolj-{report.portfolio_slug}",
        action="portfolio.view",
    )
)
