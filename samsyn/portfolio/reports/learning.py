"""The learning log and the network of relations as reports: built once, rendered as HTML, PDF,
XLSX and JSON by the report registry's renderers (the page and its exports show the same rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.models import FocusArea
from samsyn.core.reports import Column, Param, ReportKind, Sheet, report_register

from ..models import Initiative, LearningEntry
from ..selectors import learning as sel
from ..selectors.learning import Network


@dataclass(frozen=True)
class LogRow:
    date: date
    kind: str
    kind_label: str
    initiative_slug: str
    initiative_name: str
    focus_areas: tuple[str, ...]
    author: str
    text: str


def learning_log_rows(entries: Iterable[LearningEntry]) -> tuple[LogRow, ...]:
    """Entries as rows; the page, the PDF and the workbook are made from these."""
    labels = dict(LearningEntry.Kind.choices)
    return tuple(
        LogRow(
            date=e.date,
            kind=e.kind,
            kind_label=str(labels.get(e.kind, e.kind)),
            initiative_slug=e.initiative.slug,
            initiative_name=e.initiative.name,
            focus_areas=tuple(fa.name for fa in e.initiative.focus_areas.all()),
            author=e.author.name if e.author else "",
            text=e.text,
        )
        for e in entries
    )


@dataclass(frozen=True)
class LearningLog:
    partnership: str
    filters: str  # the filters in words, "" for the whole log
    made_on: date
    rows: tuple[LogRow, ...]


def learning_log_report(partnership, entries, filters: str = "") -> LearningLog:
    """The log of `entries` (as selectors.learning.learning_log_list gave them)."""
    return LearningLog(partnership.name, filters, timezone.localdate(), learning_log_rows(entries))


def learning_log_build(partnership, kind: str = "", focus_area: str = "", initiative: str = "", year=None):
    """The log filtered as the page filters it, by slugs; LookupError for a slug that is not there."""
    filters: dict = {"kind": kind or None, "year": year}
    described = [f"{_('Kind')}: {kind}"] if kind else []
    if focus_area:
        filters["focus_area"] = FocusArea.objects.filter(partnership=partnership, slug=focus_area).first()
        if filters["focus_area"] is None:
            raise LookupError(f"no focus area {focus_area!r}")
        described.append(f"{_('Focus area')}: {filters['focus_area'].name}")
    if initiative:
        filters["initiative"] = Initiative.objects.filter(partnership=partnership, slug=initiative).first()
        if filters["initiative"] is None:
            raise LookupError(f"no initiative {initiative!r}")
        described.append(f"{_('Initiative')}: {filters['initiative'].name}")
    if year:
        described.append(f"{_('Year')}: {year}")
    entries = sel.learning_log_list(partnership, **filters)
    return learning_log_report(partnership, entries, "; ".join(described))


def learning_log_sheets(log: LearningLog) -> tuple[Sheet, ...]:
    return (
        Sheet(
            _("Learning log"),
            _("Learning log") + (f" ({log.filters})" if log.filters else ""),
            tuple(Column(h) for h in (_("Date"), _("Kind"), _("Initiative"), _("Focus areas"), _("Author"), _("Text"))),
            tuple(
                (r.date, r.kind_label, r.initiative_name, ", ".join(r.focus_areas), r.author, r.text) for r in log.rows
            ),
        ),
    )


def network_build(partnership, focus_area: str = "", derived: bool = True) -> Network:
    """The relations between initiatives, of one focus area if given, with the pairs derived from
    shared testbeds unless `derived` is False."""
    focus_areas = list(FocusArea.objects.filter(partnership=partnership))
    area = None
    if focus_area:
        area = next((fa for fa in focus_areas if fa.slug == focus_area), None)
        if area is None:
            raise LookupError(f"no focus area {focus_area!r}")
    return sel.network_build(partnership, focus_areas=focus_areas, focus_area=area, include_derived=derived)


def network_sheets(data: Network) -> tuple[Sheet, ...]:
    return (
        Sheet(
            _("Relations"),
            _("Relations between initiatives") + (f" ({data.focus_area_name})" if data.focus_area_name else ""),
            tuple(
                Column(h)
                for h in (_("Initiative"), _("Relation"), _("Related initiative"), _("Recorded or derived"), _("Note"))
            ),
            tuple(
                (r.source_name, r.kind_label, r.target_name, _("derived") if r.derived else _("recorded"), r.note)
                for r in data.rows
            ),
        ),
    )


def _yes_no(text: str) -> bool:
    return text.lower() not in ("no", "nej", "false", "0")


LEARNING = report_register(
    ReportKind(
        name="learning",
        title="The learning log across initiatives",
        build=learning_log_build,
        params=(
            Param("kind", str, "only entries of this kind"),
            Param("focus_area", str, "a focus area's slug"),
            Param("initiative", str, "an initiative's slug"),
            Param("year", int, "only entries of this year"),
        ),
        template="portfolio/learning/log.html",
        context=lambda log: {"rows": log.rows, "count": len(log.rows), "filters": log.filters, "made_on": log.made_on},
        sheets=learning_log_sheets,
        filename=lambda log: "larande",
        action="initiative.view",
    )
)
NETWORK = report_register(
    ReportKind(
        name="network",
        title="The network of relations between initiatives",
        build=network_build,
        params=(
            Param("focus_area", str, "a focus area's slug"),
            Param("derived", _yes_no, "no: only the stored relations, not those derived from shared testbeds"),
        ),
        template="portfolio/learning/network.html",
        context=lambda data: {"network": data},
        sheets=network_sheets,
        filename=lambda data: "natverk",
        action="portfolio.view",
    )
)
