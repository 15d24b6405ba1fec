"""Reads of partnerships, people and roles."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db import models, router
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import get_language, gettext

from . import agreement as terms
from .administration import Register
from .audit import DESCRIBE, FieldInfo, audit_changes, audit_describe_access, audit_name, audit_sentence, audit_verb
from .lib.prepared import prepared
from .models import Agreement, AuditEntry, FeeBand, Membership, Partnership, Period, Person, RoleAssignment
from .types import AnyUser


def partnerships_for_user(user: AnyUser, on: date | None = None) -> QuerySet[Partnership]:
    """The partnerships where `user` holds an active role today."""
    if user is None or not user.is_authenticated:
        return Partnership.objects.none()
    on = on or timezone.localdate()
    active = RoleAssignment.objects.filter(Period.active_q(on), person__user=user)
    return Partnership.objects.filter(pk__in=active.values("partnership_id")).order_by("name")


def person_list(partnership: Partnership) -> QuerySet[Person]:
    roles = (
        RoleAssignment.objects.filter(partnership=partnership).select_related("focus_area").order_by("role", "start")
    )
    return (
        Person.objects.filter(partnership=partnership)
        # The login: whether the person can be invited (an e-mail address, and no password chosen yet).
        .select_related("organization", "user")
        .prefetch_related(Prefetch("roles", queryset=roles))
        .order_by("name")
    )


def parties_current(partnership: Partnership, on: date | None = None) -> list[Membership]:
    return _parties_current(partnership.pk, on or timezone.localdate())


@dataclass(frozen=True)
class AgreementSummary:
    """What the start page says about the agreement in force and the parties: the agreement's title
    and period (None when there is no agreement), and each party's name and organisation number."""

    agreement: tuple[str, date | None, date | None] | None
    parties: list[tuple[str, str]]


def agreement_summary(partnership: Partnership, on: date | None = None) -> AgreementSummary:
    """The agreement in force (or the latest) and the current parties, as values: two queries, three
    when no agreement is in force."""
    on = on or timezone.localdate()
    found = _agreement_values(partnership.pk, on) or _agreement_latest_values(partnership.pk)
    return AgreementSummary(agreement=found[0] if found else None, parties=_party_names(partnership.pk, on))


@prepared
def _agreement_values(partnership_id: int, on: date) -> QuerySet[Agreement, tuple[str, date | None, date | None]]:
    return (
        Agreement.objects.filter(partnership_id=partnership_id)
        .filter(Period.active_q(on))
        .order_by("-start")
        .values_list("title", "start", "end")[:1]
    )


@prepared
def _agreement_latest_values(partnership_id: int) -> QuerySet[Agreement, tuple[str, date | None, date | None]]:
    return (
        Agreement.objects.filter(partnership_id=partnership_id)
        .order_by("-start")
        .values_list("title", "start", "end")[:1]
    )


@prepared
def _party_names(partnership_id: int, on: date) -> QuerySet[Membership, tuple[str, str]]:
    return (
        Membership.objects.filter(partnership_id=partnership_id)
        .filter(Period.active_q(on))
        .order_by("organization__name")
        .values_list("organization__name", "organization__org_number")
    )


# The start page asks these for every board member and process leader: compiled once
# (core.lib.prepared), since only their values change.
@prepared
def _parties_current(partnership_id: int, on: date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership_id=partnership_id)
        .filter(Period.active_q(on))
        .select_related("organization")
        .order_by("organization__name")
    )


@dataclass(frozen=True)
class FeeTable:
    """An agreement's membership fee table, as samsyn.core.agreement's rules take it."""

    agreement: Agreement
    bands: tuple[terms.FeeBand, ...]
    cap: Decimal | None


def fee_table(partnership: Partnership, on: date | None = None) -> FeeTable | None:
    """The fee table of the agreement in force on `on`; when that agreement has none, the newest
    earlier agreement's that has one (the table a party would be offered until a new one is
    agreed). None when no agreement has a table."""
    on = on or timezone.localdate()
    rows = list(
        FeeBand.objects.filter(partnership=partnership, agreement__start__lte=on)
        .select_related("agreement")
        .order_by("-agreement__start", "-min_population")
    ) or list(
        FeeBand.objects.filter(partnership=partnership)
        .select_related("agreement")
        .order_by("agreement__start", "-min_population")
    )
    if not rows:
        return None
    agreement = rows[0].agreement
    bands = tuple(
        terms.FeeBand(b.min_population, Decimal(b.fee_ore) / 100, Decimal(b.floor_ore) / 100)
        for b in rows
        if b.agreement_id == agreement.pk
    )
    cap = Decimal(agreement.municipal_fees_cap_ore) / 100 if agreement.municipal_fees_cap_ore is not None else None
    return FeeTable(agreement, bands, cap)


# ---------------------------------------------------------------- the administrator's registers


def register_records(register: Register, partnership: Partnership) -> QuerySet[Any, Any]:
    """A register's records with what its list shows: the same queries whatever their number."""
    qs = register.model._default_manager.filter(partnership=partnership)
    if register.related:
        qs = qs.select_related(*register.related)
    if register.prefetch:
        qs = qs.prefetch_related(*register.prefetch)
    return qs


def register_counts(registers: list[Register], partnership: Partnership) -> dict[str, int]:
    """How many records each register holds: one query per register."""
    return {r.path: r.model._default_manager.filter(partnership=partnership).count() for r in registers}


@dataclass(frozen=True)
class DeletionEffects:
    """What removing a record would do: the other records removed with it (kind in words, how
    many), or the records that keep it from being removed."""

    removed: tuple[tuple[str, int], ...]
    blocked_by: tuple[tuple[str, int], ...]


def deletion_effects(obj: models.Model) -> DeletionEffects:
    """Ask Django's deletion collector what a delete of `obj` would remove, without removing it."""
    collector = Collector(using=router.db_for_write(type(obj)))
    blocked: list[models.Model] = []
    try:
        collector.collect([obj])
    except ProtectedError as error:
        blocked = list(error.protected_objects)
    except RestrictedError as error:
        blocked = list(error.restricted_objects)
    counts: dict[Any, int] = {}
    for model, instances in collector.data.items():
        counts[model] = counts.get(model, 0) + len(instances)
    for qs in collector.fast_deletes:
        fast_model: Any = getattr(qs, "model", None)
        if fast_model is None or fast_model._meta.auto_created:
            continue
        counts[fast_model] = counts.get(fast_model, 0) + qs.count()
    counts[type(obj)] = counts.get(type(obj), 0) - 1

    def words(by_model: dict[Any, int]) -> tuple[tuple[str, int], ...]:
        return tuple(
            sorted(
                (str(m._meta.verbose_name if n == 1 else m._meta.verbose_name_plural), n)
                for m, n in by_model.items()
                if n > 0 and not m._meta.auto_created
            )
        )

    blocked_counts: dict[Any, int] = {}
    for o in blocked:
        blocked_counts[type(o)] = blocked_counts.get(type(o), 0) + 1
    return DeletionEffects(words(counts) if not blocked else (), words(blocked_counts))


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    description: str  # who did what to which thing, in words
    changes: tuple[str, ...] = ()  # what changed, field by field, in words


def _audit_rows(partnership: Partnership | int) -> QuerySet[AuditEntry, Any]:
    # The login's person in this partnership names them; a login without one goes by its own name.
    person_name = Person.objects.filter(partnership=partnership, user=OuterRef("user_id")).values("name")[:1]
    return (
        AuditEntry.objects.filter(partnership=partnership)
        .order_by("-at", "-pk")
        .values(
            "at",
            "action",
            "object_type",
            "before",
            "after",
            "user_id",
            "user__username",
            "user__first_name",
            "user__last_name",
            person_name=Subquery(person_name),
        )
    )


def todo_waiting(
    checks: tuple[Callable[[int, int, date], list[QuerySet]], ...],
    partnership_id: int,
    person_id: int | None,
    today: date,
) -> list[bool]:
    """Whether anything may wait in each of the start page's to-do panels, by their checks
    (registry.todo_panel_register): one query for them all, compiled once per set of checks."""
    row = _todo_waiting(partnership_id, person_id or 0, today, checks=checks)[0]
    found = [False] * len(checks)
    for name, value in row.items():
        if name.startswith("check_") and value:
            found[int(name.split("_")[1])] = True
    return found


@prepared
def _todo_waiting(partnership_id: int, person_id: int, today: date, *, checks: tuple[Callable, ...]) -> QuerySet:
    flags = {
        f"check_{k}_{j}": Exists(queryset)
        for k, check in enumerate(checks)
        for j, queryset in enumerate(check(partnership_id, person_id, today))
    }
    # The person and the day ride along in the row, so that each value reaches the statement whichever
    # checks it holds (core.lib.prepared puts the real values where the stand-ins are).
    return (
        Partnership.objects.filter(pk=partnership_id)
        .order_by()
        .values(checked_person=Value(person_id), checked_day=Value(today), **flags)
    )


def audit_recent(partnership: Partnership, limit: int = 10) -> list[AuditLine]:
    """The latest entries of the audit history, in words: one query, the values only."""
    language = get_language()
    return [
        AuditLine(at=row["at"], description=_audit_sentence(row, language))
        for row in _audit_recent(partnership.pk, limit=limit)
    ]


@prepared
def _audit_recent(partnership_id: int, *, limit: int) -> QuerySet[AuditEntry, Any]:
    """audit_recent's query, on the start page of every process leader: compiled once (core.lib.prepared)."""
    return _audit_rows(partnership_id)[:limit]


# Fields of a recorded record that say nothing to people (keys and codes), by name.
AUDIT_HIDDEN_FIELDS = frozenset({"id", "pk", "partnership", "slug", "key", "code", "source", "versions", "order"})
AUDIT_PAGE_SIZE = 25
# The recorded fields that name the record, searched by the history's name filter.
AUDIT_NAME_FIELDS = ("name", "title", "text", "diary_number")


def audit_fields(object_type: str) -> dict[str, FieldInfo]:
    """How to say each recorded field of a kind of record: its label and reading, from the model."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    infos: dict[str, FieldInfo] = {}
    for f in model._meta.get_fields():
        if not isinstance(f, models.Field) or f.name in AUDIT_HIDDEN_FIELDS:
            continue
        label = str(f.verbose_name)
        if f.is_relation:
            # Said only where the entry recorded the related record by its name (a register's
            # change does); an entry that kept an id leaves it out.
            infos[f.name] = FieldInfo(label, "related")
            continue
        if f.name.endswith("_ore"):
            # "amount (öre)": the value is said in kronor, so the unit goes from the label.
            infos[f.name] = FieldInfo(label.split(" (")[0], "money")
        elif f.choices:
            infos[f.name] = FieldInfo(label, "choice", {k: str(v) for k, v in f.flatchoices})
        elif isinstance(f, models.BooleanField):
            infos[f.name] = FieldInfo(label, "bool")
        elif isinstance(f, models.DateField):
            infos[f.name] = FieldInfo(label, "date")
        elif isinstance(f, models.CharField | models.TextField | models.IntegerField | models.DecimalField):
            infos[f.name] = FieldInfo(label)
    return infos


@dataclass(frozen=True)
class AuditFilters:
    user_id: int | None = None
    object_type: str = ""
    name: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_history(
    partnership: Partnership, filters: AuditFilters, page_number: Any = 1
) -> tuple[Page, list[AuditLine]]:
    """One page of the audit history, newest first, in words: two queries (the count and the page)."""
    qs = _audit_rows(partnership)
    if filters.user_id is not None:
        qs = qs.filter(user_id=filters.user_id)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.name:
        match = Q()
        for name_field in AUDIT_NAME_FIELDS:
            match |= Q(**{f"after__{name_field}__icontains": filters.name})
            match |= Q(**{f"before__{name_field}__icontains": filters.name})
        qs = qs.filter(match)
    if filters.date_from:
        qs = qs.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(at__date__lte=filters.date_to)
    page = Paginator(qs, AUDIT_PAGE_SIZE).get_page(page_number)
    lines = [
        AuditLine(
            at=row["at"],
            description=_audit_sentence(row),
            changes=tuple(audit_changes(row["before"], row["after"], audit_fields(row["object_type"]))),
        )
        for row in page.object_list
    ]
    return page, lines


def audit_kinds(partnership: Partnership) -> list[tuple[str, str]]:
    """The kinds of record the history holds, as (code, name in words) by name: one query."""
    types = AuditEntry.objects.filter(partnership=partnership).values_list("object_type", flat=True).distinct()
    return sorted(((t, _audit_kind(t)) for t in types.order_by()), key=lambda pair: pair[1].casefold())


def audit_people(partnership: Partnership) -> list[Person]:
    """The partnership's people with a login, whose changes the history can show: one query."""
    return list(
        Person.objects.filter(partnership=partnership, user__isnull=False)
        .only("pk", "name", "user_id")
        .order_by("name")
    )


def _audit_sentence(row: Mapping[str, Any], language: str | None = None) -> str:
    who = _audit_who(row)
    access = audit_describe_access(who=who, action=row["action"], after=row["after"])
    if access:
        return access
    pattern, verb, kind = _audit_words(row["action"], row["object_type"], language or get_language())
    return audit_sentence(pattern, who=who, verb=verb, kind=kind, name=audit_name(row["after"], row["before"]))


@lru_cache(maxsize=4096)
def _audit_words(action: str, object_type: str, language: str | None) -> tuple[str, str, str]:
    """The sentence, its verb and the kind of record in the language: the same for every entry of an
    action on a kind of record, so looked up once per process (three translations and a model each;
    the start page says ten entries). Bounded: actions and kinds are the code's own."""
    return str(DESCRIBE), audit_verb(action), _audit_kind(object_type)


def _audit_who(row: Mapping[str, Any]) -> str:
    if row["user_id"] is None:
        return gettext("Someone without a login")
    if row["person_name"]:
        return str(row["person_name"])
    # As User.get_full_name() and get_username() have it.
    full_name = f"{row['user__first_name']} {row['user__last_name']}".strip()
    return full_name or str(row["user__username"])


def _audit_kind(object_type: str) -> str:
    """The model's name in words ("initiativ"); any registered model, whichever app it belongs to."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return gettext("record")
