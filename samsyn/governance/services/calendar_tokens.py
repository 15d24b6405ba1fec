"""A person's secret link to their meetings as a calendar feed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from samsyn.core import policy
from samsyn.core.models import Person
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from ..models import CalendarToken


def _require_own(actor: Actor | None, person: Person) -> None:
    # A link opens someone's meetings without a login: it is made and renewed only by its holder.
    if actor is None or actor.person_id != person.pk:
        raise PermissionDenied("calendar: not the actor's own link")


@transaction.atomic
def calendar_token_ensure(*, actor: Actor | None, user: AnyUser, person: Person) -> CalendarToken:
    """The person's link, made the first time they look for it.

    Everyone who reads the meetings gets one (a reader too, though only others may renew theirs),
    so the rule asked is "meeting.view".
    """
    _require_own(actor, person)
    policy.require(actor, "meeting.view", person)
    token, created = CalendarToken.objects.get_or_create(person=person, defaults={"partnership": person.partnership})
    if created:
        # The token itself is a secret and stays out of the audit.
        audit_record(
            partnership=person.partnership, user=user, action="calendar.create", obj=token, after={"person": person.pk}
        )
    return token


@transaction.atomic
def calendar_token_renew(*, actor: Actor | None, user: AnyUser, person: Person) -> CalendarToken:
    """A new link replaces the old, which stops working at once."""
    _require_own(actor, person)
    policy.require(actor, "calendar.renew", person)
    CalendarToken.objects.filter(person=person).delete()
    token = CalendarToken.objects.create(partnership=person.partnership, person=person)
    audit_record(
        partnership=person.partnership,
        user=user,
        action="calendar.renew",
        obj=token,
        after={"person": person.pk},
    )
    return token
