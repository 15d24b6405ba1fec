"""Reads of the followup app. Each runs a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from samsyn.core import registry
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import Partnership
from samsyn.core.policy import can
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import Initiative

from . import rules
from .models import (
    Attempt,
    Ballot,
    Evaluation,
    Event,
    FollowupPlanItem,
    ImpactStory,
    Kpi,
    KpiTarget,
    Measurement,
    Respondent,
    Response,
    Statement,
)

# ------------------------------------------------------------------ KPIs


@dataclass
class KpiTrend:
    """A KPI's measurements in period order, and its targets: the year's own by year, and the one
    it is measured against in `year` (the year the page is about)."""

    kpi: Kpi
    points: list[tuple[str, Decimal, Measurement]]  # (label, value, measurement)
    year: int
    year_targets: dict[int, Decimal] = field(default_factory=dict)

    @property
    def latest(self) -> Decimal | None:
        return self.points[-1][1] if self.points else None

    @property
    def target(self) -> Decimal | None:
        return rules.target_for_year(self.year, standing=self.kpi.target, by_year=self.year_targets)

    @property
    def has_year_target(self) -> bool:
        return self.year in self.year_targets

    @property
    def rows(self) -> list[tuple[str, Decimal, Measurement, Decimal | None]]:
        """Each point with the target of its period's year (the trend table's rows)."""
        return [
            (
                label,
                value,
                m,
                rules.target_for_year(m.period_start.year, standing=self.kpi.target, by_year=self.year_targets),
            )
            for label, value, m in self.points
        ]

    @property
    def any_target(self) -> bool:
        return self.kpi.target is not None or bool(self.year_targets)


def kpi_list(partnership: Partnership) -> list[Kpi]:
    return list(Kpi.objects.filter(partnership=partnership).select_related("focus_area", "initiative"))


def kpi_get(partnership: Partnership, key: str) -> Kpi:
    return Kpi.objects.select_related("focus_area", "initiative", "partnership").get(partnership=partnership, key=key)


def kpi_year_targets(partnership: Partnership, kpi_ids: list[int] | None = None) -> dict[int, dict[int, Decimal]]:
    """{KPI id: {year: target}} of the targets the years' plans set: one query."""
    rows = KpiTarget.objects.filter(partnership=partnership)
    if kpi_ids is not None:
        rows = rows.filter(kpi__in=kpi_ids)
    targets: defaultdict[int, dict[int, Decimal]] = defaultdict(dict)
    for kpi_id, year, target in rows.values_list("kpi_id", "year", "target"):
        targets[kpi_id][year] = target
    return dict(targets)


def kpi_trends(partnership: Partnership, kpis: list[Kpi] | None = None, *, year: int | None = None) -> list[KpiTrend]:
    """Every KPI with its measurements in period order and its targets, measured against the
    targets of `year` (this year unless given): three queries."""
    kpis = kpis if kpis is not None else kpi_list(partnership)
    year = year if year is not None else timezone.localdate().year
    ids = [k.pk for k in kpis]
    by_kpi: defaultdict[int, list[Measurement]] = defaultdict(list)
    for m in Measurement.objects.filter(partnership=partnership, kpi__in=ids).order_by("period_start"):
        by_kpi[m.kpi_id].append(m)
    targets = kpi_year_targets(partnership, ids)
    for kpi, measurements in kpi_counted(partnership, kpis).items():
        by_kpi[kpi.pk] = measurements
    return [
        KpiTrend(
            kpi,
            [(rules.period_label(m.period_start, kpi.periodicity), m.value, m) for m in by_kpi[kpi.pk]],
            year,
            targets.get(kpi.pk, {}),
        )
        for kpi in kpis
    ]


def kpi_counted(
    partnership: Partnership, kpis: list[Kpi], *, today: date | None = None
) -> dict[Kpi, list[Measurement]]:
    """The values of the KPIs that Samsyn counts itself, per period up to today, as measurements that
    are not saved (they are counted anew on every read, never typed): one query per counted figure
    in use, however many KPIs follow it."""
    today = today or timezone.localdate()
    counted: dict[Kpi, list[Measurement]] = {}
    days_of: dict[str, list[date]] = {}
    for kpi in kpis:
        figure = registry.counted_figure(kpi.counted_from) if kpi.counted_from else None
        if figure is None:
            continue
        if figure.key not in days_of:
            days_of[figure.key] = figure.dates(partnership)
        source = _("Counted by Samsyn: %(figure)s") % {"figure": figure.label}
        counted[kpi] = [
            Measurement(partnership=partnership, kpi=kpi, period_start=start, value=Decimal(n), source=source)
            for start, n in rules.count_by_period(days_of[figure.key], kpi.periodicity, until=today)
        ]
    return counted


@dataclass(frozen=True)
class KpiTargetRow:
    """A KPI in a year's plan: its target that year, and whether the plan set it or it is the standing one."""

    kpi: Kpi
    target: Decimal | None
    own: bool


def kpi_targets_of_year(partnership: Partnership, year: int) -> list[KpiTargetRow]:
    """Every KPI with the target it has in `year`, in the KPIs' order: two queries."""
    kpis = kpi_list(partnership)
    own = dict(KpiTarget.objects.filter(partnership=partnership, year=year).values_list("kpi_id", "target"))
    return [
        KpiTargetRow(
            kpi,
            rules.target_for_year(year, standing=kpi.target, by_year={year: own[kpi.pk]} if kpi.pk in own else {}),
            kpi.pk in own,
        )
        for kpi in kpis
    ]


# ------------------------------------------------------------------ evaluations


@dataclass
class StatementResult:
    statement: Statement
    counts: dict[str, int]
    total: int
    # (colour, comment, what would move it up, respondent name or "")
    comments: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def percents(self) -> dict[str, Decimal]:
        return {c: rules.percent_of(n, self.total) for c, n in self.counts.items()}


def evaluation_list(partnership: Partnership) -> list[Evaluation]:
    return list(Evaluation.objects.filter(partnership=partnership).select_related("organiser"))


def evaluation_get(partnership: Partnership, key: str) -> Evaluation:
    return Evaluation.objects.select_related("organiser", "partnership").get(partnership=partnership, key=key)


def evaluation_results(evaluation: Evaluation) -> list[StatementResult]:
    """Distribution and comments per statement: two queries. A comment names who gave it only in a
    named evaluation, the only kind whose answers know their respondent."""
    statements = list(Statement.objects.filter(evaluation=evaluation).order_by("order"))
    responses: defaultdict[int, list[Response]] = defaultdict(list)
    for r in (
        Response.objects.filter(statement__evaluation=evaluation)
        .select_related("ballot__respondent__person")
        .order_by("statement_id", "ballot_id")
    ):
        responses[r.statement_id].append(r)
    results = []
    for s in statements:
        rs = responses[s.pk]
        comments = [
            (r.colour, r.comment, r.move_up, _answered_by(evaluation, r.ballot)) for r in rs if r.comment or r.move_up
        ]
        results.append(StatementResult(s, rules.distribution(r.colour for r in rs), len(rs), comments))
    return results


def _answered_by(evaluation: Evaluation, ballot: Ballot) -> str:
    if evaluation.anonymous or ballot.respondent is None:
        return ""
    return str(ballot.respondent)


def evaluation_answer_count(evaluation: Evaluation) -> int:
    return Ballot.objects.filter(evaluation=evaluation).count()


def evaluation_respondents(evaluation: Evaluation) -> list[Respondent]:
    """The people invited to answer, each with whether they have (never what)."""
    return list(Respondent.objects.filter(evaluation=evaluation).select_related("person").order_by("key"))


def evaluation_has_answers(evaluation: Evaluation) -> bool:
    return Ballot.objects.filter(evaluation=evaluation).exists()


def ballot_find(evaluation: Evaluation, *, secret: str | None, respondent: Respondent | None) -> Ballot | None:
    """The answers of whoever holds `secret` (their browser's), or, in a named evaluation, of the
    invited `respondent`; None when they have none here."""
    ballots = Ballot.objects.filter(evaluation=evaluation)
    if secret:
        found = ballots.filter(secret_hash=rules.ballot_secret_hash(secret)).first()
        if found is not None:
            return found
    if respondent is not None and not evaluation.anonymous:
        return ballots.filter(respondent=respondent).first()
    return None


def invitation_of(evaluation: Evaluation, user: AnyUser) -> Respondent | None:
    """The invitation of the person logged in as `user`, if they are invited."""
    if user is None or not user.is_authenticated:
        return None
    return Respondent.objects.filter(evaluation=evaluation, person__user_id=user.pk).first()


def attempt_key(scope: str, subject: str) -> str:
    """What the attempts table keeps of a visitor: a hash keyed with SECRET_KEY, so that an address
    cannot be found again by trying every address."""
    return salted_hmac("samsyn.followup.attempt", f"{scope}:{subject}", algorithm="sha256").hexdigest()


def attempts_exhausted(*, scope: str, subject: str, limit: rules.Limit) -> bool:
    """Would one more attempt at `scope` by `subject` be too many within the limit's time?"""
    since = timezone.now() - timedelta(seconds=limit.seconds)
    made = Attempt.objects.filter(scope=scope, key=attempt_key(scope, subject), at__gt=since).count()
    return rules.limit_exceeded(made + 1, limit)


@dataclass
class ThemeRow:
    theme: str
    text: str
    by_year: dict[int, StatementResult]


def evaluation_compare(partnership: Partnership) -> tuple[list[int], list[ThemeRow]]:
    """The same statement (by theme) across years: three queries."""
    statements = list(
        Statement.objects.filter(partnership=partnership)
        .exclude(theme="")
        .select_related("evaluation")
        .order_by("evaluation__year", "order")
    )
    colours: defaultdict[int, list[str]] = defaultdict(list)
    for statement_id, colour in Response.objects.filter(statement__in=[s.pk for s in statements]).values_list(
        "statement_id", "colour"
    ):
        colours[statement_id].append(colour)
    rows: dict[str, ThemeRow] = {}
    years: set[int] = set()
    for s in statements:
        years.add(s.evaluation.year)
        row = rows.setdefault(rules.theme_key(s.theme), ThemeRow(s.theme, s.text, {}))
        row.text = s.text
        cs = colours[s.pk]
        row.by_year[s.evaluation.year] = StatementResult(s, rules.distribution(cs), len(cs))
    return sorted(years), list(rows.values())


# ------------------------------------------------------------------ stories, events, plan


def story_list(
    partnership: Partnership,
    request: HttpRequest | None = None,
    year: int | None = None,
    initiative: Initiative | None = None,
) -> list[ImpactStory]:
    qs = ImpactStory.objects.filter(partnership=partnership).select_related("initiative", "focus_area", "partnership")
    if year:
        qs = qs.filter(year=year)
    if initiative is not None:
        qs = qs.filter(initiative=initiative)
    if request is None or not can(request, "story.view_unpublished"):
        qs = qs.filter(consent_to_publish=True)
    return list(qs)


def stories_for_initiative(initiative: Initiative, request: HttpRequest | None = None) -> list[ImpactStory]:
    """story_list of one initiative, on its page: the query is compiled once (core.lib.prepared)."""
    published_only = request is None or not can(request, "story.view_unpublished")
    return _initiative_stories(initiative.partnership_id, initiative.pk, published_only=published_only)


@prepared
def _initiative_stories(partnership_id: int, initiative_id: int, *, published_only: bool) -> QuerySet[ImpactStory]:
    qs = ImpactStory.objects.filter(partnership_id=partnership_id, initiative_id=initiative_id).select_related(
        "initiative", "focus_area", "partnership"
    )
    return qs.filter(consent_to_publish=True) if published_only else qs


def event_list(partnership: Partnership, year: int | None = None) -> list[Event]:
    qs = (
        Event.objects.filter(partnership=partnership)
        .select_related("focus_area")
        .prefetch_related("initiatives", "figures", "organizations")
    )
    if year:
        qs = qs.filter(date__year=year)
    return events_counted(partnership, list(qs.order_by("date", "title")))


def events_counted(partnership: Partnership, events: list[Event]) -> list[Event]:
    """The events, with the registrations and attendance of those whose registration runs in Samsyn
    (the public hub) counted from it rather than typed; `counted` says which. One query per app that
    counts, not per event."""
    counts = registry.event_counts(partnership, [e.pk for e in events]) if events else {}
    for e in events:
        e.counted = e.pk in counts
        if e.counted:
            e.registrations, e.attendance = counts[e.pk]
    return events


def event_years(partnership: Partnership) -> list[int]:
    return sorted({d.year for d in Event.objects.filter(partnership=partnership).dates("date", "year")}, reverse=True)


def plan_items(partnership: Partnership, year: int) -> list[FollowupPlanItem]:
    return list(
        FollowupPlanItem.objects.filter(partnership=partnership, year=year)
        .select_related("responsible_person")
        .prefetch_related(Prefetch("kpis", queryset=Kpi.objects.only("key", "name", "partnership_id")), "evaluations")
        .order_by("order", "pk")
    )


def plan_years(partnership: Partnership) -> list[int]:
    return sorted(set(FollowupPlanItem.objects.filter(partnership=partnership).values_list("year", flat=True)))


def report_years(partnership: Partnership) -> list[int]:
    """Years with events, evaluations or impact stories: the years an annual report has content for."""
    years = set(event_years(partnership))
    years |= set(Evaluation.objects.filter(partnership=partnership).values_list("year", flat=True))
    years |= {
        y
        for y in ImpactStory.objects.filter(partnership=partnership, year__isnull=False).values_list("year", flat=True)
        if y is not None
    }
    return sorted(years, reverse=True)
