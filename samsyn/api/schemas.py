"""The shapes the API answers with. Money is a string of kronor with two decimals ("1200000.00"),
exact, never a float; dates are ISO 8601."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema

from samsyn.portfolio.models import Phase


def kronor(ore: int | None) -> str | None:
    """Öre as an exact decimal string of kronor: 120000050 → "1200000.50"."""
    if ore is None:
        return None
    return str((Decimal(ore) / 100).quantize(Decimal("0.01")))


class Named(Schema):
    key: str
    name: str


class InitiativeRow(Schema):
    slug: str
    name: str
    phase: str
    phase_label: str
    focus_areas: list[str]
    parties: list[str]
    testbed: str | None
    owner: str | None


class InitiativeList(Schema):
    items: list[InitiativeRow]
    count: int


class PhaseStep(Schema):
    phase: str
    phase_label: str
    date: date
    decision: str


class RelationOut(Schema):
    kind: str
    kind_label: str
    direction: str
    initiative: str
    initiative_name: str
    note: str


class InitiativeOut(Schema):
    slug: str
    name: str
    description: str
    phase: str
    phase_label: str
    start: date | None
    end: date | None
    focus_areas: list[Named]
    societal_goals: list[str]
    perspectives: list[Named]
    parties: list[str]
    testbed: Named | None
    owner: str | None
    phases: list[PhaseStep]
    relations: list[RelationOut]


class PhaseMove(Schema):
    phase: Phase
    date: date
    decision: str = ""


class PortfolioRow(Schema):
    slug: str
    name: str
    level: str
    level_label: str
    focus_area: str | None
    testbed: str | None
    initiative: str | None


class PortfolioList(Schema):
    items: list[PortfolioRow]
    count: int


class PortfolioOut(PortfolioRow):
    initiatives: list[InitiativeRow]


class AllocationOut(Schema):
    cost_line: str
    cost_line_name: str
    year: int
    amount: str
    decided_on: date
    decision_ref: str


class AllocationList(Schema):
    items: list[AllocationOut]
    count: int


class OutcomeOut(Schema):
    cost_line: str
    date: date
    category: str
    amount: str
    initiative: str | None
    text: str


class OutcomeList(Schema):
    items: list[OutcomeOut]
    count: int


class OutcomeImported(Schema):
    added: int
    already_there: int
    total: str


class ForecastOut(Schema):
    cost_line: str
    cost_line_name: str
    year: int
    round: int
    made_on: date
    amount: str


class ForecastList(Schema):
    items: list[ForecastOut]
    count: int


class PilotGrantOut(Schema):
    key: str
    title: str
    area: str
    initiative: str | None
    amount: str
    decided_on: date
    decision_ref: str


class PilotGrantList(Schema):
    items: list[PilotGrantOut]
    count: int


class MeetingRow(Schema):
    key: str
    id: int
    kind: str
    kind_label: str
    title: str
    date: date
    focus_area: str | None
    status: str


class MeetingList(Schema):
    items: list[MeetingRow]
    count: int


class AssignmentOut(Schema):
    id: int
    text: str
    assignee: str
    due: date | None
    status: str
    status_label: str
    done_on: date | None
    meeting: str
    item: int


class AssignmentList(Schema):
    items: list[AssignmentOut]
    count: int


class ItemOut(Schema):
    number: int
    title: str
    presenter: str | None
    text: str
    decisions: list[str]
    advice: list[str]
    assignments: list[AssignmentOut]


class MeetingOut(MeetingRow):
    place: str
    items: list[ItemOut]


class MeasurementOut(Schema):
    period: str
    period_start: date
    value: Decimal
    counted: bool


class KpiRow(Schema):
    key: str
    name: str
    unit: str
    target: Decimal | None
    latest: Decimal | None
    focus_area: str | None


class KpiList(Schema):
    items: list[KpiRow]
    count: int


class KpiOut(KpiRow):
    description: str
    year_targets: dict[str, Decimal]
    measurements: list[MeasurementOut]


class EvaluationRow(Schema):
    key: str
    title: str
    year: int
    held_on: date | None
    status: str
    answers: int


class EvaluationList(Schema):
    items: list[EvaluationRow]
    count: int


class StatementOut(Schema):
    order: int
    text: str
    theme: str
    answers: int
    counts: dict[str, int]
    percents: dict[str, Decimal]


class EvaluationResults(EvaluationRow):
    statements: list[StatementOut]


class VersionOut(Schema):
    number: int
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    download: str


class DocumentRow(Schema):
    id: int
    diary_number: str
    title: str
    kind: str
    date: date
    access: str


class DocumentList(Schema):
    items: list[DocumentRow]
    count: int


class DocumentOut(DocumentRow):
    initiatives: list[str]
    versions: list[VersionOut]


class HitOut(Schema):
    kind: str
    id: int
    title: str
    url: str
    year: int | None
    snippet: str


class SearchOut(Schema):
    items: list[HitOut]
    count: int
