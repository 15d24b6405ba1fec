"""Writes of the followup app: each asks the policy, writes and records its audit entry in one
transaction.

A member's write takes the `actor` (the login's roles in the partnership) and is refused with
PermissionDenied unless policy_rules allows it; values the actor may not choose (a focus area
outside a Core Team member's own) are refused with ValidationError, so the form keeps what was
typed. Answering an evaluation is open by design to whoever holds its link: responses_submit and
attempt_record (the limits that keep it open) take no actor. The command-line import passes check=False: it runs as the
operator of the installation, who holds no role in the partnership.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.lib.ordering import DIRECTIONS, UP, place_next
from samsyn.core.lib.slugs import slug_unique
from samsyn.core.lib.tabular import TableError, table_read
from samsyn.core.models import Partnership, PartnershipOwned, Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from . import rules, selectors
from .models import (
    Attempt,
    Ballot,
    Colour,
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

MAX_CSV_BYTES = 1_000_000
MAX_CSV_ROWS = 20_000

M = TypeVar("M", bound=PartnershipOwned)


def _snapshot(obj: Model) -> dict[str, Any]:
    """The record's editable values for the audit: relations by id, other values as text."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.editable:
            value = f.value_from_object(obj)
            data[f.name] = value if isinstance(value, (int, str, bool, type(None))) else str(value)
    for m in obj._meta.many_to_many:
        data[m.name] = sorted(r.pk for r in m.value_from_object(obj))
    return data


# ------------------------------------------------------------------ records edited with a form


def _require_any(actor: Actor | None, action: str, partnership: Partnership) -> None:
    """May the actor take `action` on anything at all in `partnership`? Where a new record falls
    (its focus area) is checked once its values are set, by _reach_check."""
    if actor is None or actor.partnership_id != partnership.pk:
        raise PermissionDenied(action)
    policy.require(actor, action)


def _reach_check(actor: Actor | None, action: str, obj: PartnershipOwned) -> None:
    """The record as it will be saved must still be within the actor's reach: a Core Team member
    may not move a story or event into another focus area. That is a choice in the form, so it is
    refused as a ValidationError on the focus area, and the form keeps what was typed."""
    if policy.can(actor, action, obj):
        return
    if any(f.name == "focus_area" for f in obj._meta.fields):
        raise ValidationError({"focus_area": _("You may only choose a focus area of your own.")})
    raise PermissionDenied(action)


def _fields_apply(obj: PartnershipOwned, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Set the field values on `obj`; return the many-to-many ones, which are set after the save.

    A value from another partnership is refused: the forms offer only the partnership's own
    records, a caller without a form must not reach further."""
    many: dict[str, Any] = {}
    foreign: dict[str, str] = {}
    for name, value in fields.items():
        field = obj._meta.get_field(name)
        if not field.concrete or field.primary_key or name == "partnership":
            raise TypeError(f"{type(obj).__name__} has no field {name!r} to set")
        related = list(value) if field.many_to_many else [value]
        if any(getattr(r, "partnership_id", obj.partnership_id) != obj.partnership_id for r in related):
            foreign[name] = _("Choose among the partnership's own records.")
        if field.many_to_many:
            many[name] = related
        else:
            setattr(obj, name, value)
    if foreign:
        raise ValidationError(foreign)
    return many


# What a new record's key (its address) is made from, when the caller (a loader's own data) names none.
_KEY_SOURCE: dict[type[Model], Callable[[Any], str]] = {
    Kpi: lambda kpi: kpi.name,
    Evaluation: lambda evaluation: evaluation.title,
    ImpactStory: lambda story: story.title or story.person_name,
    Event: lambda event: event.title,
    FollowupPlanItem: lambda item: item.question[:60],
}
# The words the app's addresses put where a key stands ("nyckeltal/ny/", "utvarderingar/jamfor/").
_RESERVED = frozenset({"ny", "nytt", "import", "jamfor"})
# The records people put in order: a new one goes last among these siblings.
_ORDER_SCOPE: dict[type[Model], Callable[[Any], dict[str, Any]]] = {
    Kpi: lambda kpi: {"partnership_id": kpi.partnership_id},
    FollowupPlanItem: lambda item: {"partnership_id": item.partnership_id, "year": item.year},
}


def _generated_set(obj: PartnershipOwned, fields: Mapping[str, Any]) -> None:
    """Give a new record the key and place nobody types: the key from its name, unique in the
    partnership, the place after the last of its list. The caller holds the transaction."""
    model = type(obj)
    if model in _KEY_SOURCE and "key" not in fields:
        siblings = model._default_manager.filter(partnership_id=obj.partnership_id)
        name: str = "key"  # a plain str: the type checker knows no key on PartnershipOwned itself
        max_length = getattr(model._meta.get_field(name), "max_length", None) or 50
        key = slug_unique(
            siblings, _KEY_SOURCE[model](obj), field="key", max_length=max_length, fallback="post", reserved=_RESERVED
        )
        setattr(obj, "key", key)  # noqa: B010 (not every model of PartnershipOwned has a key)
    if model in _ORDER_SCOPE and "order" not in fields:
        siblings = model._default_manager.filter(**_ORDER_SCOPE[model](obj))
        setattr(obj, "order", place_next(siblings, field="order"))  # noqa: B010


def _create(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    obj: M,
    fields: Mapping[str, Any],
    action: str,
    audit_action: str,
) -> M:
    _require_any(actor, action, partnership)
    obj.partnership = partnership
    many = _fields_apply(obj, fields)
    _reach_check(actor, action, obj)
    with transaction.atomic():
        _generated_set(obj, fields)
        obj.save()
        for name, related in many.items():
            getattr(obj, name).set(related)
        audit_record(partnership=partnership, user=user, action=audit_action, obj=obj, after=_snapshot(obj))
    return obj


def _change(
    *, actor: Actor | None, user: AnyUser, obj: M, fields: Mapping[str, Any], action: str, audit_action: str
) -> M:
    with transaction.atomic():
        # Read again: a ModelForm has already put the new values on the caller's instance, and the
        # policy and the audit's "before" are about the record as it is stored.
        current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        policy.require(actor, action, current)
        before = _snapshot(current)
        many = _fields_apply(current, fields)
        _reach_check(actor, action, current)
        current.save()
        for name, related in many.items():
            getattr(current, name).set(related)
        audit_record(
            partnership=current.partnership,
            user=user,
            action=audit_action,
            obj=current,
            before=before,
            after=_snapshot(current),
        )
    return current


def kpi_create(*, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Any) -> Kpi:
    return _create(
        actor=actor,
        user=user,
        partnership=partnership,
        obj=Kpi(),
        fields=fields,
        action="kpi.manage",
        audit_action="kpi.save",
    )


def kpi_change(*, actor: Actor | None, user: AnyUser, kpi: Kpi, **fields: Any) -> Kpi:
    return _change(actor=actor, user=user, obj=kpi, fields=fields, action="kpi.manage", audit_action="kpi.save")


def evaluation_create(*, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Any) -> Evaluation:
    return _create(
        actor=actor,
        user=user,
        partnership=partnership,
        obj=Evaluation(),
        fields=fields,
        action="evaluation.manage",
        audit_action="evaluation.save",
    )


def evaluation_change(*, actor: Actor | None, user: AnyUser, evaluation: Evaluation, **fields: Any) -> Evaluation:
    """Change an evaluation's setup. Its anonymity cannot be turned off once there are answers
    (rules.anonymity_change_refused); turned on, its answers forget who gave them."""
    with transaction.atomic():
        # Locked like responses_submit locks it: no answer arrives between the check and the change.
        stored = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        has_answers = Ballot.objects.filter(evaluation=stored).exists()
        anonymous = fields.get("anonymous", stored.anonymous)
        if rules.anonymity_change_refused(
            anonymous_now=stored.anonymous, anonymous_after=anonymous, has_answers=has_answers
        ):
            policy.require(actor, "evaluation.manage", stored)
            raise ValidationError({"anonymous": _("The evaluation has answers and stays anonymous.")})
        changed = _change(
            actor=actor,
            user=user,
            obj=evaluation,
            fields=fields,
            action="evaluation.manage",
            audit_action="evaluation.save",
        )
        if changed.anonymous:
            Ballot.objects.filter(evaluation=changed).update(respondent=None)
    return changed


def story_create(*, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Any) -> ImpactStory:
    return _create(
        actor=actor,
        user=user,
        partnership=partnership,
        obj=ImpactStory(),
        fields=fields,
        action="story.change",
        audit_action="story.save",
    )


def story_change(*, actor: Actor | None, user: AnyUser, story: ImpactStory, **fields: Any) -> ImpactStory:
    return _change(actor=actor, user=user, obj=story, fields=fields, action="story.change", audit_action="story.save")


def event_create(*, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Any) -> Event:
    return _create(
        actor=actor,
        user=user,
        partnership=partnership,
        obj=Event(),
        fields=fields,
        action="event.change",
        audit_action="event.save",
    )


def event_change(*, actor: Actor | None, user: AnyUser, event: Event, **fields: Any) -> Event:
    return _change(actor=actor, user=user, obj=event, fields=fields, action="event.change", audit_action="event.save")


def plan_item_create(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, **fields: Any
) -> FollowupPlanItem:
    return _create(
        actor=actor,
        user=user,
        partnership=partnership,
        obj=FollowupPlanItem(),
        fields=fields,
        action="followup_plan.change",
        audit_action="followup_plan.save",
    )


def plan_item_change(
    *, actor: Actor | None, user: AnyUser, plan_item: FollowupPlanItem, **fields: Any
) -> FollowupPlanItem:
    return _change(
        actor=actor,
        user=user,
        obj=plan_item,
        fields=fields,
        action="followup_plan.change",
        audit_action="followup_plan.save",
    )


@transaction.atomic
def plan_item_move(*, actor: Actor | None, user: AnyUser, plan_item: FollowupPlanItem, direction: str) -> bool:
    """Move a row of a year's plan one place up or down; False when it is already at that end.

    Rows loaded from the plan's own documents may share a number, so the year's rows are
    numbered 1, 2, 3 … in the order shown before the two neighbours change places."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    current = FollowupPlanItem.objects.select_related("partnership").get(pk=plan_item.pk)
    policy.require(actor, "followup_plan.change", current)
    rows = list(
        FollowupPlanItem.objects.select_for_update()
        .filter(partnership_id=current.partnership_id, year=current.year)
        .order_by("order", "pk")
    )
    at = next(i for i, row in enumerate(rows) if row.pk == current.pk)
    to = at - 1 if direction == UP else at + 1
    if not 0 <= to < len(rows):
        return False
    before = rows[at].order
    rows[at], rows[to] = rows[to], rows[at]
    for n, row in enumerate(rows, start=1):
        row.order = n
    FollowupPlanItem.objects.bulk_update(rows, ["order"])
    audit_record(
        partnership=current.partnership,
        user=user,
        action="followup_plan.save",
        obj=current,
        before={"order": before},
        after={"order": to + 1, "swapped_with": rows[at].pk},
    )
    return True


@transaction.atomic
def kpi_move(*, actor: Actor | None, user: AnyUser, kpi: Kpi, direction: str) -> bool:
    """Move a KPI one place up or down under its heading (its part of the assignment); False when
    it is already first or last there.

    The list shows the partnership's KPIs by number, under headings, so the KPI changes places with
    the nearest one under the same heading, and all are numbered 1, 2, 3 … in the order shown."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    current = Kpi.objects.select_related("partnership").get(pk=kpi.pk)
    policy.require(actor, "kpi.manage", current)
    rows = list(
        Kpi.objects.select_for_update().filter(partnership_id=current.partnership_id).order_by("order", "name", "pk")
    )
    same_heading = [i for i, row in enumerate(rows) if row.group == current.group]
    place = next(n for n, i in enumerate(same_heading) if rows[i].pk == current.pk)
    other = place - 1 if direction == UP else place + 1
    if not 0 <= other < len(same_heading):
        return False
    at, to = same_heading[place], same_heading[other]
    before = rows[at].order
    rows[at], rows[to] = rows[to], rows[at]
    for n, row in enumerate(rows, start=1):
        row.order = n
    Kpi.objects.bulk_update(rows, ["order"])
    audit_record(
        partnership=current.partnership,
        user=user,
        action="kpi.move",
        obj=current,
        before={"order": before},
        after={"order": to + 1, "swapped_with": rows[at].pk},
    )
    return True


# ------------------------------------------------------------------ targets of a year's plan


@transaction.atomic
def kpi_targets_set(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    year: int,
    targets: Mapping[int, Decimal | None],
) -> int:
    """Set the KPIs' targets for `year` as its business plan has them: {KPI id: target}, where None
    means the year sets none (the KPI's standing target applies). Returns how many changed; each
    change is an entry of the history. KPIs not named are left as they are.

    The targets are part of the year's plan, so writing them is the plan's right ("plan.change")."""
    _require_any(actor, "plan.change", partnership)
    kpis = {k.pk: k for k in Kpi.objects.filter(partnership=partnership, pk__in=list(targets))}
    if set(targets) - set(kpis):
        raise ValidationError(_("Choose among the partnership's own KPIs."))
    stored = {
        t.kpi_id: t
        for t in KpiTarget.objects.select_for_update().filter(partnership=partnership, year=year, kpi__in=list(kpis))
    }
    changed = 0
    for kpi_id, target in targets.items():
        kpi, row = kpis[kpi_id], stored.get(kpi_id)
        if (row is None and target is None) or (row is not None and row.target == target):
            continue
        before = {"title": kpi.name, "year": year, "target": str(row.target)} if row else None
        if target is None and row is not None:
            audit_record(partnership=partnership, user=user, action="kpi_target.delete", obj=row, before=before)
            row.delete()
        elif target is not None:
            if row is None:
                row = KpiTarget(partnership=partnership, kpi=kpi, year=year)
            row.target = target
            row.save()
            audit_record(
                partnership=partnership,
                user=user,
                action="kpi_target.change" if before else "kpi_target.create",
                obj=row,
                before=before,
                after={"title": kpi.name, "year": year, "target": str(target)},
            )
        changed += 1
    return changed


@transaction.atomic
def kpi_targets_copy(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, from_year: int, to_year: int, check: bool = True
) -> int:
    """Copy the targets `from_year`'s plan set to `to_year`, where that year has none of its own yet:
    the year's part of starting a new plan from the previous one. Returns how many were copied.
    `check=False` only when the server's own loader starts the plan (the demo)."""
    if check:
        _require_any(actor, "plan.change", partnership)
    taken = set(KpiTarget.objects.filter(partnership=partnership, year=to_year).values_list("kpi_id", flat=True))
    copies = [
        KpiTarget(partnership=partnership, kpi_id=t.kpi_id, year=to_year, target=t.target)
        for t in KpiTarget.objects.filter(partnership=partnership, year=from_year).order_by("kpi_id")
        if t.kpi_id not in taken
    ]
    KpiTarget.objects.bulk_create(copies)
    for copy in KpiTarget.objects.filter(
        partnership=partnership, year=to_year, kpi__in=[c.kpi_id for c in copies]
    ).select_related("kpi"):
        audit_record(
            partnership=partnership,
            user=user,
            action="kpi_target.create",
            obj=copy,
            after={"title": copy.kpi.name, "year": to_year, "target": str(copy.target), "copied_from": from_year},
        )
    return len(copies)


# ------------------------------------------------------------------ measurements


def _measurement_write(*, user: AnyUser, kpi: Kpi, period_start: date, value: Decimal, note: str) -> Measurement:
    if kpi.counted_from:
        raise ValidationError(
            _("Samsyn counts the values of %(name)s itself; they cannot be entered.") % {"name": kpi.name}
        )
    existing = Measurement.objects.filter(kpi=kpi, period_start=period_start).first()
    before = {"value": str(existing.value), "note": existing.note} if existing else None
    m, _created = Measurement.objects.update_or_create(
        partnership_id=kpi.partnership_id,
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
        partnership=kpi.partnership,
        user=user,
        action="measurement.record",
        obj=m,
        before=before,
        after={"kpi": kpi.key, "period_start": str(period_start), "value": str(value), "note": note},
    )
    return m


def measurement_record(
    *, actor: Actor | None, user: AnyUser, kpi: Kpi, period_start: date, value: Decimal, note: str = ""
) -> Measurement:
    """Record a KPI's value for the period starting `period_start`; a second value replaces the first."""
    policy.require(actor, "measurement.record", kpi)
    with transaction.atomic():
        return _measurement_write(user=user, kpi=kpi, period_start=period_start, value=value, note=note)


def measurement_import(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    data: bytes,
    filename: str = "measurements.csv",
    check: bool = True,
) -> int:
    """Import a table (CSV, or XLSX by its name) of measurements atomically: all rows or none.
    Raises ValidationError naming row and column, also for a KPI the actor may not record.

    `check=False` is for the command line only (see the module's docstring)."""
    if check:
        _require_any(actor, "measurement.record", partnership)
    try:
        rows = rules.measurement_rows_parse(table_read(filename, data, max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS))
    except TableError as error:
        raise ValidationError(str(error)) from None
    # A KPI is named as people see it, whatever its capitals; files made before then name it by its key.
    kpis: dict[str, Kpi] = {}
    for k in Kpi.objects.filter(partnership=partnership).select_related("partnership"):
        kpis.setdefault(rules.theme_key(k.name), k)
        kpis.setdefault(k.key, k)
    parsed: list[tuple[Kpi, date, rules.MeasurementRow]] = []
    for row in rows:
        kpi = kpis.get(rules.theme_key(row.kpi_key)) or kpis.get(row.kpi_key)
        if kpi is None:
            raise ValidationError(
                str(TableError(_("no KPI is named “%(name)s”") % {"name": row.kpi_key}, row=row.row, column="kpi"))
            )
        if check and not policy.can(actor, "measurement.record", kpi):
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
            _measurement_write(user=user, kpi=kpi, period_start=start, value=row.value, note=row.note)
    return len(parsed)


# ------------------------------------------------------------------ evaluations


def statements_set(
    *,
    actor: Actor | None,
    user: AnyUser,
    evaluation: Evaluation,
    texts: Sequence[str],
    themes: Sequence[str] | None = None,
) -> None:
    """Replace the statements of an evaluation that has no answers yet."""
    policy.require(actor, "evaluation.manage", evaluation)
    if Response.objects.filter(statement__evaluation=evaluation).exists():
        raise ValidationError(_("The evaluation has answers: its statements can no longer change."))
    themes = themes or [""] * len(texts)
    with transaction.atomic():
        before = list(evaluation.statements.values_list("text", flat=True))
        evaluation.statements.all().delete()
        for order, (text, theme) in enumerate(zip(texts, themes, strict=False), start=1):
            Statement.objects.create(
                partnership_id=evaluation.partnership_id, evaluation=evaluation, order=order, text=text, theme=theme
            )
        audit_record(
            partnership=evaluation.partnership,
            user=user,
            action="evaluation.statements",
            obj=evaluation,
            before={"statements": before},
            after={"statements": list(texts)},
        )


def respondents_invite(*, actor: Actor | None, user: AnyUser, evaluation: Evaluation, people: Sequence[Person]) -> int:
    """Invite people to answer (they answer logged in, by the evaluation's short link); people
    already invited are kept as they are."""
    policy.require(actor, "evaluation.manage", evaluation)
    if any(p.partnership_id != evaluation.partnership_id for p in people):
        raise ValidationError({"people": _("Choose among the partnership's own records.")})
    with transaction.atomic():
        existing = set(evaluation.respondents.filter(person__in=people).values_list("person_id", flat=True))
        added = 0
        for person in people:
            if person.pk in existing:
                continue
            Respondent.objects.create(
                partnership_id=evaluation.partnership_id,
                evaluation=evaluation,
                key=f"p-{person.key}"[:80],
                person=person,
                name=person.name,
            )
            added += 1
        audit_record(
            partnership=evaluation.partnership,
            user=user,
            action="evaluation.invite",
            obj=evaluation,
            after={"people": [p.key for p in people]},
        )
    return added


def evaluation_status_set(*, actor: Actor | None, user: AnyUser, evaluation: Evaluation, status: str) -> None:
    """Open an evaluation for answers, close it, or take it back to draft."""
    policy.require(actor, "evaluation.manage", evaluation)
    if status not in Evaluation.Status.values:
        raise ValidationError(_("Unknown status %(status)s.") % {"status": status})
    with transaction.atomic():
        before = evaluation.status
        evaluation.status = status
        evaluation.save(update_fields=["status"])
        audit_record(
            partnership=evaluation.partnership,
            user=user,
            action="evaluation.status",
            obj=evaluation,
            before={"status": before},
            after={"status": status},
        )


def responses_submit(
    *,
    evaluation: Evaluation,
    answers: dict[int, tuple[str, str, str]],
    secret: str | None = None,
    respondent: Respondent | None = None,
) -> str | None:
    """Record one respondent's answers, {statement_id: (colour, comment, move_up)}; a second
    submission replaces the first. Returns the secret the respondent's browser is to keep when a new
    ballot is made (None when an existing one changed).

    The ballot is found by the hash of `secret`, the browser's own; in a named evaluation also by
    the invited `respondent`. An anonymous ballot names nobody, so an invited person who has
    answered cannot answer again without the secret of the browser they answered in.

    No actor: the evaluation's link is the permission (respondents need no login; an invited-only
    evaluation takes the invitations of the people logged in). Every statement needs a colour.
    Not audited: answers are the respondents' own, the evaluation's audit trail records its setup."""
    with transaction.atomic():
        # Locked, so that anonymity cannot change between reading it and saving the ballot.
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.status != Evaluation.Status.OPEN:
            raise ValidationError(_("The evaluation is not open for answers."))
        if evaluation.audience == Evaluation.Audience.INVITED and (
            respondent is None or respondent.evaluation_id != evaluation.pk
        ):
            raise PermissionDenied("evaluation.answer")
        if evaluation.audience == Evaluation.Audience.LINK:
            respondent = None  # the open link takes anyone, as nobody in particular
        statements = list(evaluation.statements.all())
        errors = [
            _("Choose a colour for statement %(number)s.") % {"number": s.order}
            for s in statements
            if (answers.get(s.pk) or ("", "", ""))[0] not in Colour.values
        ]
        if errors:
            raise ValidationError(errors)
        ballot = selectors.ballot_find(evaluation, secret=secret, respondent=respondent)
        new_secret = None
        if ballot is None:
            if respondent is not None:
                respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
                if respondent.answered:
                    raise ValidationError(
                        _("You have already answered. Your answers can be changed in the browser you answered in.")
                    )
                respondent.answered = True
                respondent.save(update_fields=["answered"])
            new_secret = rules.ballot_secret_new()
            ballot = Ballot.objects.create(
                partnership_id=evaluation.partnership_id,
                evaluation=evaluation,
                secret_hash=rules.ballot_secret_hash(new_secret),
                respondent=None if evaluation.anonymous else respondent,
            )
        for s in statements:
            colour, comment, move_up = answers[s.pk]
            Response.objects.update_or_create(
                partnership_id=evaluation.partnership_id,
                statement=s,
                ballot=ballot,
                defaults={"colour": colour, "comment": (comment or "")[:4000], "move_up": (move_up or "")[:4000]},
            )
    return new_secret


def attempt_record(*, scope: str, subject: str, limit: rules.Limit) -> bool:
    """Count an attempt at `scope` (answering, a code) by `subject` (the visitor's address, with
    what it tried); True when it is one too many within the limit's time.

    No actor: the answering pages are open to anyone, and this is what keeps them so. The subject
    is kept only as a keyed hash (SECRET_KEY), and attempts older than the limit are deleted."""
    now = timezone.now()
    key = selectors.attempt_key(scope, subject)
    with transaction.atomic():
        Attempt.objects.filter(scope=scope, at__lt=now - timedelta(seconds=limit.seconds)).delete()
        Attempt.objects.create(scope=scope, key=key, at=now)
        made = Attempt.objects.filter(scope=scope, key=key, at__gt=now - timedelta(seconds=limit.seconds)).count()
    return rules.limit_exceeded(made, limit)
