"""Writes of the economy app: check, apply, save and record the audit entry in one transaction.

Every service asks the policy itself (`economy.change`), so a view, the command line or another
app gets the same answer; views only decide what to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.spending import spending_check
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import Initiative

from . import imports
from .models import BudgetAllocation, CostLine, Forecast, GrantApplication, Leverage, Outcome, PilotGrant
from .rules import imports as rules_import
from .signals import pilot_grant_recorded

# The one right every economic write asks for (policy_rules.RULES).
CHANGE = "economy.change"


def _require_change(actor: Actor | None, partnership: Partnership, *acted_on: Any) -> None:
    """Refuse (PermissionDenied) an actor who may not change this partnership's economy, or an
    object of another partnership than the one written to."""
    policy.require(actor, CHANGE, Target(partnership_id=partnership.pk))
    for obj in acted_on:
        if obj is not None:
            policy.require(actor, CHANGE, obj)


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_there: int
    total_ore: int


def _lookup_tables(partnership: Partnership) -> tuple[dict[str, int], dict[str, int]]:
    lines: dict[str, int] = {}
    for line in CostLine.objects.filter(partnership=partnership):
        for name in (line.name, line.slug, *line.other_names):
            lines[rules_import.normalise_name(name)] = line.pk
    initiatives: dict[str, int] = {}
    for pk, slug, name in Initiative.objects.filter(partnership=partnership).values_list("pk", "slug", "name"):
        initiatives[rules_import.normalise_name(slug)] = pk
        initiatives[rules_import.normalise_name(name)] = pk
    return lines, initiatives


def outcome_import(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    filename: str,
    content: bytes,
    check: bool = True,
) -> ImportResult:
    """Import outcome rows from a CSV or XLSX file: all rows or none; rows already imported are skipped.

    `check=False` only for the operator's command line (`samsyn import outcomes`), which acts with
    the server's own rights and has no login to ask the policy about.
    """
    if check:
        _require_change(actor, partnership)
    lines, initiatives = _lookup_tables(partnership)
    rows = imports.outcome_rows_parse(filename, content, lines, initiatives)
    with transaction.atomic():
        existing = set(
            Outcome.objects.filter(partnership=partnership, import_key__in=[r.import_key for r in rows]).values_list(
                "import_key", flat=True
            )
        )
        new = [
            Outcome(
                partnership=partnership,
                cost_line_id=r.cost_line_id,
                date=r.date,
                category=r.category,
                amount_ore=r.amount_ore,
                initiative_id=r.initiative_id,
                text=r.text,
                source_file=filename,
                import_key=r.import_key,
            )
            for r in rows
            if r.import_key not in existing
        ]
        Outcome.objects.bulk_create(new, batch_size=2000)
        total = sum(o.amount_ore for o in new)
        if new:
            anchor = Outcome.objects.filter(partnership=partnership, import_key=new[0].import_key).earliest("pk")
            audit_record(
                partnership=partnership,
                user=user,
                action="outcome.import",
                obj=anchor,
                after={"file": filename, "rows": len(new), "total_ore": total, "skipped": len(existing)},
            )
    return ImportResult(added=len(new), already_there=len(existing), total_ore=total)


def pilot_grant_record(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    title: str,
    area: str,
    amount_ore: int,
    decided_on: date,
    initiative: Initiative | None = None,
    decision_ref: str = "",
    board_item: Any = None,  # governance's AgendaItem or None: governance sits above economy, so not named here
) -> PilotGrant:
    """Record pilot money decided; the spending check refuses a recorder without the authority.

    Above the process leader's limit the grant rests on `board_item`, an item of a board meeting:
    governance keeps that link, told by the pilot_grant_recorded signal in this transaction.
    """
    _require_change(actor, partnership, initiative)
    authority = spending_check(
        partnership=partnership, actor=actor, amount_ore=amount_ore, on=decided_on, board_item=board_item
    )
    with transaction.atomic():
        base = f"{decided_on.year}-{slugify(title)[:80] or 'pilot'}"
        key, n = base, 1
        while PilotGrant.objects.filter(partnership=partnership, key=key).exists():
            n += 1
            key = f"{base}-{n}"
        grant = PilotGrant.objects.create(
            partnership=partnership,
            key=key,
            title=title,
            area=area,
            amount_ore=amount_ore,
            decided_on=decided_on,
            initiative=initiative,
            decision_ref=decision_ref,
            authority=authority,
        )
        if board_item is not None:
            responses = pilot_grant_recorded.send(
                sender=PilotGrant, grant=grant, board_item=board_item, actor=actor, user=user
            )
            # Without a receiver the board's decision would be silently lost: better no grant.
            if not any(response is not None for __, response in responses):
                raise RuntimeError("nothing recorded the board item of a pilot grant (is governance installed?)")
        audit_record(
            partnership=partnership,
            user=user,
            action="pilot_grant.create",
            obj=grant,
            after={
                "title": title,
                "area": area,
                "amount_ore": amount_ore,
                "decided_on": decided_on.isoformat(),
                "decision_ref": decision_ref,
                "authority": authority,
                "board_item": board_item.pk if board_item else None,
            },
        )
    return grant


def _application_state(a: GrantApplication) -> dict[str, Any]:
    return {
        "status": a.status,
        "amount_applied_ore": a.amount_applied_ore,
        "amount_granted_ore": a.amount_granted_ore,
        "decided_on": a.decided_on.isoformat() if a.decided_on else None,
    }


def application_status_change(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    application: GrantApplication,
    status: str,
    amount_granted_ore: int | None = None,
    decided_on: date | None = None,
    leverage_kind: str = Leverage.Kind.EXTERNAL,
) -> GrantApplication:
    """Change an application's status; a granted application becomes a leverage entry of its decision year."""
    _require_change(actor, partnership, application)
    if status == GrantApplication.Status.GRANTED and (amount_granted_ore is None or decided_on is None):
        raise ValidationError(_("A granted application needs the amount granted and the decision date."))
    with transaction.atomic():
        before = _application_state(application)
        application.status = status
        if status == GrantApplication.Status.GRANTED:
            application.amount_granted_ore = amount_granted_ore
            application.decided_on = decided_on
        application.save()
        audit_record(
            partnership=partnership,
            user=user,
            action="application.status",
            obj=application,
            before=before,
            after=_application_state(application),
        )
        if status == GrantApplication.Status.GRANTED and amount_granted_ore is not None and decided_on is not None:
            leverage, created = Leverage.objects.update_or_create(
                partnership=partnership,
                application=application,
                defaults={
                    "key": f"application-{application.key}",
                    "kind": leverage_kind,
                    "source_name": application.funder,
                    "title": application.title[:300],
                    "year": decided_on.year,
                    "amount_ore": amount_granted_ore,
                },
            )
            audit_record(
                partnership=partnership,
                user=user,
                action="leverage.create" if created else "leverage.change",
                obj=leverage,
                after={
                    "kind": leverage.kind,
                    "year": leverage.year,
                    "amount_ore": leverage.amount_ore,
                    "application": application.key,
                },
            )
    return application


def budget_revise(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    cost_line: CostLine,
    year: int,
    amount_ore: int,
    decided_on: date,
    decision_ref: str = "",
) -> BudgetAllocation:
    """A new decision on a cost line's allocation for a decision year: a new revision is added and
    the earlier ones are kept (DOMAIN.md rule 6)."""
    _require_change(actor, partnership, cost_line)
    with transaction.atomic():
        previous = (
            BudgetAllocation.objects.filter(
                partnership=partnership, cost_line=cost_line, year=year, decided_on__lte=decided_on
            )
            .order_by("-decided_on", "-pk")
            .first()
        )
        if BudgetAllocation.objects.filter(
            partnership=partnership, cost_line=cost_line, year=year, decided_on=decided_on
        ).exists():
            raise ValidationError(
                _(
                    "A decision on this cost line and year is already recorded for that date; record the new decision with its own date."
                )
            )
        allocation = BudgetAllocation.objects.create(
            partnership=partnership,
            cost_line=cost_line,
            year=year,
            amount_ore=amount_ore,
            decided_on=decided_on,
            decision_ref=decision_ref,
        )
        audit_record(
            partnership=partnership,
            user=user,
            action="budget.revise",
            obj=allocation,
            before=None
            if previous is None
            else {"amount_ore": previous.amount_ore, "decided_on": previous.decided_on.isoformat()},
            after={
                "cost_line": cost_line.slug,
                "year": year,
                "amount_ore": amount_ore,
                "decided_on": decided_on.isoformat(),
                "decision_ref": decision_ref,
            },
        )
    return allocation


def forecast_record(
    *,
    actor: Actor | None,
    user: AnyUser,
    partnership: Partnership,
    cost_line: CostLine,
    year: int,
    round: int,
    made_on: date,
    amount_ore: int,
) -> Forecast:
    """Record (or correct) a line's forecast for a year in a round."""
    _require_change(actor, partnership, cost_line)
    with transaction.atomic():
        existing = Forecast.objects.filter(partnership=partnership, cost_line=cost_line, year=year, round=round).first()
        before = (
            None if existing is None else {"amount_ore": existing.amount_ore, "made_on": existing.made_on.isoformat()}
        )
        forecast, _created = Forecast.objects.update_or_create(
            partnership=partnership,
            cost_line=cost_line,
            year=year,
            round=round,
            defaults={"made_on": made_on, "amount_ore": amount_ore},
        )
        audit_record(
            partnership=partnership,
            user=user,
            action="forecast.record",
            obj=forecast,
            before=before,
            after={
                "cost_line": cost_line.slug,
                "year": year,
                "round": round,
                "amount_ore": amount_ore,
                "made_on": made_on.isoformat(),
            },
        )
    return forecast
