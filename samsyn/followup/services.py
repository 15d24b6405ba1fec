"""Writes of the followup app: each in one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.lib.tabular import TableError, table_read
from samsyn.core.models import Partnership, PartnershipOwned, Person
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from . import rules
from .models import Colour, Evaluation, Kpi, Measurement, Respondent, Response, Statement

MAX_CSV_BYTES = 1_000_000
MAX_CSV_ROWS = 100_000

M = TypeVar("M", bound=PartnershipOwned)


def _snapshot(obj: Model, fields: list[str] | None = None) -> dict[str, Any]:
    data = model_to_dict(obj, fields=fields)
    return {
        k: (str(v) if not isinstance(v, (int, str, bool, type(None), list)) else v)
        for k, v in data.items()
        if not isinstance(v, list) or all(isinstance(x, int) for x in v)
    }


def record_save(*, partnership: Partnership, user: AnyUser, obj: M, action: str, form: ModelForm[M] | None = None) -> M:
    """Save a ModelForm's instance (or an object) with its audit entry."""
    with transaction.atomic():
        before = None
        if obj.pk:
            before = _snapshot(type(obj)._default_manager.get(pk=obj.pk))
        obj.partnership = partnership
        if form is not None:
            obj = form.save(commit=False)
            obj.partnership = partnership
            obj.save()
            form.save_m2m()
        else:
            obj.save()
        audit_record(partnership=partnership, user=user, action=action, obj=obj, before=before, after=_snapshot(obj))
    return obj


def measurement_record(
    *, partnership: Partnership, user: AnyUser, kpi: Kpi, period_start: date, value: Decimal, note: str = ""
) -> Measurement:
    with transaction.atomic():
        existing = Measurement.objects.filter(kpi=kpi, period_start=period_start).first()
        before = {"value": str(existing.value), "note": existing.note} if existing else None
        m, _created = Measurement.objects.update_or_create(
            partnership=partnership,
            kpi=kpi,
            period_start=period_start,
            defaults={
                "value": value,
                "note": note,
                "recorded_by": user if user and user.is_authenticated else None,
                "recorded_at": timezone.now(),
            },
        )
        audit_record(
            partnership=partnership,
            user=user,
            action="measurement.record",
            obj=m,
            before=before,
            after={"kpi": kpi.key, "period_start": str(period_start), "value": str(value), "note": note},
        )
    return m


def measurement_import(
    *,
    partnership: Partnership,
    user: AnyUser,
    data: bytes,
    filename: str = "measurements.csv",
    allowed_kpis: Collection[str] | None = None,
) -> int:
    """Import a table (CSV, or XLSX by its name) of measurements atomically: all rows or none.
    Raises ValidationError naming row and column.

    `allowed_kpis` (keys) limits which KPIs the importer may record."""
    try:
        rows = rules.measurement_rows_parse(table_read(filename, data, max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS))
    except TableError as error:
        raise ValidationError(str(error)) from None
    kpis = {k.key: k for k in Kpi.objects.filter(partnership=partnership)}
    parsed: list[tuple[Kpi, date, rules.MeasurementRow]] = []
    for row in rows:
        kpi = kpis.get(row.kpi_key)
        if kpi is None:
            raise ValidationError(
                str(TableError(_("no KPI has the key %(key)s") % {"key": row.kpi_key}, row=row.row, column="kpi"))
            )
        if allowed_kpis is not None and kpi.key not in allowed_kpis:
            raise ValidationError(
                str(TableError(_("you may not record values of this KPI"), row=row.row, column="kpi"))
            )
        try:
            start = rules.period_parse(row.period_text, kpi.periodicity)
        except ValueError as error:
            raise ValidationError(str(TableError(str(error), row=row.row, column="period"))) from None
        parsed.append((kpi, start, row))
    seen: dict[tuple[int, date], int] = {}
    for kpi, start, row in parsed:
        if (kpi.pk, start) in seen:
            raise ValidationError(
                str(
                    TableError(
                        _("the same KPI and period as row %(other)s") % {"other": seen[(kpi.pk, start)]},
                        row=row.row,
                        column="period",
                    )
                )
            )
        seen[(kpi.pk, start)] = row.row
    with transaction.atomic():
        for kpi, start, row in parsed:
            measurement_record(
                partnership=partnership, user=user, kpi=kpi, period_start=start, value=row.value, note=row.note
            )
    return len(parsed)


# ------------------------------------------------------------------ evaluations


def statements_set(
    *,
    partnership: Partnership,
    user: AnyUser,
    evaluation: Evaluation,
    texts: list[str],
    themes: list[str] | None = None,
) -> None:
    """Replace the statements of an evaluation that has no answers yet."""
    if Response.objects.filter(statement__evaluation=evaluation).exists():
        raise ValidationError(_("The evaluation has answers: its statements can no longer change."))
    themes = themes or [""] * len(texts)
    with transaction.atomic():
        before = list(evaluation.statements.values_list("text", flat=True))
        evaluation.statements.all().delete()
        for order, (text, theme) in enumerate(zip(texts, themes, strict=False), start=1):
            Statement.objects.create(
                partnership=partnership, evaluation=evaluation, order=order, text=text, theme=theme
            )
        audit_record(
            partnership=partnership,
            user=user,
            action="evaluation.statements",
            obj=evaluation,
            before={"statements": before},
            after={"statements": texts},
        )


def respondents_invite(
    *, partnership: Partnership, user: AnyUser, evaluation: Evaluation, people: Sequence[Person]
) -> int:
    """Add people as invited respondents (each gets a personal link); existing ones are kept."""
    with transaction.atomic():
        existing = set(evaluation.respondents.filter(person__in=people).values_list("person_id", flat=True))
        added = 0
        for person in people:
            if person.pk in existing:
                continue
            Respondent.objects.create(
                partnership=partnership,
                evaluation=evaluation,
                key=f"p-{person.key}"[:80],
                person=person,
                name=person.name,
            )
            added += 1
        audit_record(
            partnership=partnership,
            user=user,
            action="evaluation.invite",
            obj=evaluation,
            after={"people": [p.key for p in people]},
        )
    return added


def evaluation_set_status(*, partnership: Partnership, user: AnyUser, evaluation: Evaluation, status: str) -> None:
    with transaction.atomic():
        before = evaluation.status
        evaluation.status = status
        evaluation.save(update_fields=["status"])
        audit_record(
            partnership=partnership,
            user=user,
            action="evaluation.status",
            obj=evaluation,
            before={"status": before},
            after={"status": status},
        )


def respondent_for_link(evaluation: Evaluation) -> Respondent:
    """A new anonymous respondent who came through the evaluation's open link."""
    n = Respondent.objects.filter(evaluation=evaluation, invited=False).count() + 1
    while True:
        key = f"link-{n:04d}-{Respondent._meta.get_field('token').default()[:6].lower()}"
        key = "".join(ch if ch.isalnum() or ch == "-" else "x" for ch in key)
        if not Respondent.objects.filter(evaluation=evaluation, key=key).exists():
            break
        n += 1
    return Respondent.objects.create(partnership=evaluation.partnership, evaluation=evaluation, key=key, invited=False)


def responses_submit(*, respondent: Respondent, answers: dict[int, tuple[str, str, str]]) -> None:
    """answers: {statement_id: (colour, comment, move_up)}; a second submission replaces the first.

    Every statement needs a colour. Not audited per answer: answers are the respondents' own
    (anonymous ones must not be traceable), the evaluation's audit trail records its setup."""
    evaluation = respondent.evaluation
    if evaluation.status != Evaluation.Status.OPEN:
        raise ValidationError(_("The evaluation is not open for answers."))
    statements = list(evaluation.statements.all())
    errors: list[str] = []
    for s in statements:
        colour = (answers.get(s.pk) or ("", "", ""))[0]
        if colour not in Colour.values:
            errors.append(_("Choose a colour for statement %(number)s.") % {"number": s.order})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        for s in statements:
            colour, comment, move_up = answers[s.pk]
            Response.objects.update_or_create(
                partnership=evaluation.partnership,
                statement=s,
                respondent=respondent,
                defaults={
                    "colour": colour,
                    "comment": (comment or "")[:4000],
                    "move_up": (move_up or "")[:4000],
                    "answered_at": now,
                },
            )
        respondent.answered_at = now
        respondent.save(update_fields=["answered_at"])
