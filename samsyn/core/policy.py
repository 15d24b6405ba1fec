"""Who may do what: the one place every view asks.

The rules are data (`RULES`): for each action, the roles that may take it and how far
their right reaches. `allows` is a pure function of an Actor (the roles a login holds
in one partnership today) and a Target (what the rule needs to know of the object), so
the whole matrix is testable without a database. `can` and `require` adapt requests
and model instances to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from .roles import Role

# How far a role's right reaches.
ALL = "all"  # everything in the partnership
FOCUS_AREA = "focus_area"  # objects of the focus areas the role is assigned to
OWN = "own"  # objects the person owns
NAMED = "named"  # objects that name the person for this action (a meeting's adjusters)

EVERY_ROLE: dict[str, str] = {role.value: ALL for role in Role}
STAFF: dict[str, str] = {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL, Role.DEPUTY_PROCESS_LEADER: ALL}

RULES: dict[str, dict[str, str]] = {
    "partnership.view": EVERY_ROLE,
    "person.view": EVERY_ROLE,
    "person.manage": {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL},
    "audit.view": {Role.ADMINISTRATOR: ALL, Role.PROCESS_LEADER: ALL, Role.ECONOMY_CONTROLLER: ALL},
    # The partnership's registers: people and logins, roles, parties, agreements, the focus areas
    # and the other lists every page chooses from (samsyn.core.administration).
    "administration.manage": {Role.ADMINISTRATOR: ALL},
}


def register(rules: dict[str, dict[str, str]]) -> None:
    """Add an app's actions (its `policy_rules.RULES`); an action is defined once."""
    for action, reach_by_role in rules.items():
        if action in RULES and RULES[action] != reach_by_role:
            raise ValueError(f"action {action!r} is defined twice")
        RULES[action] = reach_by_role


@dataclass(frozen=True)
class Grant:
    role: str
    focus_area_id: int | None = None


@dataclass(frozen=True)
class Actor:
    """A login as seen inside one partnership."""

    partnership_id: int
    person_id: int | None
    grants: frozenset[Grant] = field(default_factory=frozenset)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    @property
    def focus_area_ids(self) -> frozenset[int]:
        return frozenset(g.focus_area_id for g in self.grants if g.focus_area_id is not None)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_member(self) -> bool:
        return bool(self.grants)


@dataclass(frozen=True)
class Target:
    """What a rule needs to know of the object acted on."""

    partnership_id: int
    focus_area_ids: frozenset[int] = frozenset()
    owner_person_id: int | None = None
    # The people an object names for an action, e.g. the adjusters who approve a meeting's minutes.
    named_person_ids: frozenset[int] = frozenset()


def allows(actor: Actor | None, action: str, target: Target | None = None) -> bool:
    if actor is None or not actor.is_member:
        return False
    if target is not None and target.partnership_id != actor.partnership_id:
        return False
    reach_by_role = RULES.get(action)
    if reach_by_role is None:
        raise KeyError(f"unknown action {action!r}")
    for grant in actor.grants:
        reach = reach_by_role.get(grant.role)
        if reach is None:
            continue
        # Without a target the question is "may they do this to anything at all?".
        if reach == ALL or target is None:
            return True
        if reach == FOCUS_AREA and grant.focus_area_id in target.focus_area_ids:
            return True
        if reach == OWN and actor.person_id is not None and target.owner_person_id == actor.person_id:
            return True
        if reach == NAMED and actor.person_id is not None and actor.person_id in target.named_person_ids:
            return True
    return False


def actor_load(user, partnership, on=None) -> Actor | None:
    """The roles `user` holds in `partnership` on a date (today by default): one query."""
    from .models import Period, RoleAssignment

    if user is None or not user.is_authenticated:
        return None
    on = on or timezone.localdate()
    rows = list(
        RoleAssignment.objects.filter(partnership=partnership, person__user=user)
        .filter(Period.active_q(on))
        .values_list("person_id", "role", "focus_area_id")
    )
    person_id = rows[0][0] if rows else None
    return Actor(
        partnership_id=partnership.pk,
        person_id=person_id,
        grants=frozenset(Grant(role, fa) for _, role, fa in rows),
    )


def people_actors(partnership, person_ids, on=None) -> dict[int, Actor]:
    """The roles each person holds in `partnership` on a date (today by default), whether or not
    they log in: one query. A person who holds no role has an Actor without grants."""
    from .models import Period, RoleAssignment

    on = on or timezone.localdate()
    grants: dict[int, set[Grant]] = {pk: set() for pk in person_ids}
    rows = (
        RoleAssignment.objects.filter(partnership=partnership, person_id__in=list(grants))
        .filter(Period.active_q(on))
        .values_list("person_id", "role", "focus_area_id")
    )
    for person_id, role, focus_area_id in rows:
        grants[person_id].add(Grant(role, focus_area_id))
    return {
        pk: Actor(partnership_id=partnership.pk, person_id=pk, grants=frozenset(held)) for pk, held in grants.items()
    }


def _partnership_actor_sql() -> str:
    """The SQL of partnership_actor_load, written once from the models' own table and column names.

    Every internal page runs this query first, so it skips the ORM's query building, which costs
    about eight times the query itself: the statement is fixed and Partnership.objects.raw() still
    turns its rows into a Partnership with the fields' own conversions."""
    from .models import Partnership, Person, RoleAssignment

    quote = connection.ops.quote_name
    partnership_columns = ", ".join(f"p.{quote(str(f.column))}" for f in Partnership._meta.concrete_fields)
    return (
        f"SELECT {partnership_columns}, ra.{quote('person_id')} AS person_id, ra.{quote('role')} AS role,"
        f" ra.{quote('focus_area_id')} AS focus_area_id"
        f" FROM {quote(RoleAssignment._meta.db_table)} ra"
        f" JOIN {quote(Partnership._meta.db_table)} p ON p.{quote('id')} = ra.{quote('partnership_id')}"
        f" JOIN {quote(Person._meta.db_table)} pe ON pe.{quote('id')} = ra.{quote('person_id')}"
        f" WHERE p.{quote('slug')} = %s AND pe.{quote('user_id')} = %s"
        f" AND (ra.{quote('start')} IS NULL OR ra.{quote('start')} <= %s)"
        f" AND (ra.{quote('end')} IS NULL OR ra.{quote('end')} >= %s)"
    )


_actor_sql_by_vendor: dict[str, str] = {}


def partnership_actor_load(user, partnership_slug: str, on=None):
    """The partnership of `partnership_slug` and the roles `user` holds in it (today by default), in
    one query, as (partnership, actor); None when the login holds no role there, whether or not the
    partnership exists (the middleware answers 404 to both alike)."""
    from .models import Partnership

    if user is None or not user.is_authenticated:
        return None
    if connection.vendor not in _actor_sql_by_vendor:
        _actor_sql_by_vendor[connection.vendor] = _partnership_actor_sql()
    day = connection.ops.adapt_datefield_value(on or timezone.localdate())
    rows = list(Partnership.objects.raw(_actor_sql_by_vendor[connection.vendor], [partnership_slug, user.pk, day, day]))
    if not rows:
        return None
    partnership = rows[0]
    # raw() sets the extra columns as attributes, which the model does not declare.
    actor = Actor(
        partnership_id=partnership.pk,
        person_id=getattr(partnership, "person_id"),  # noqa: B009
        grants=frozenset(Grant(getattr(r, "role"), getattr(r, "focus_area_id")) for r in rows),  # noqa: B009
    )
    # The role columns rode along on the partnership's row; they are the actor's, not its.
    for name in ("person_id", "role", "focus_area_id"):
        delattr(partnership, name)
    return partnership, actor


def target_of(obj) -> Target:
    """Describe a model instance for the rules; objects name their own focus areas and owner."""
    describe = getattr(obj, "policy_target", None)
    if describe is not None:
        return describe()
    return Target(partnership_id=obj.partnership_id)


def can(request_or_actor, action: str, obj=None) -> bool:
    actor = getattr(request_or_actor, "actor", request_or_actor)
    target = obj if isinstance(obj, Target) or obj is None else target_of(obj)
    return allows(actor, action, target)


def require(request, action: str, obj=None) -> None:
    if not can(request, action, obj):
        raise PermissionDenied(action)
