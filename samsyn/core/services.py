"""Writes that every app shares, and core's own: partnerships, invitations, passwords."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models import Model
from django.urls import get_resolver
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import policy
from .invitations import invitation_mail_queue, username_for_email
from .models import AuditEntry, Partnership, Person, RoleAssignment
from .policy import Actor
from .roles import Role
from .types import AnyUser

# How much of a refused page's address the history keeps.
PATH_LIMIT = 500


def audit_record(
    *,
    partnership: Partnership,
    user: AnyUser,
    action: str,
    obj: Model,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Record a change; call inside the transaction that makes it."""
    return AuditEntry.objects.create(
        partnership=partnership,
        # An anonymous visitor (an answer by link) is recorded as nobody.
        user=user if isinstance(user, User) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
    )


def login_failure_record(*, user: User, username: str, ip: str | None, lockout_minutes: int = 0) -> list[AuditEntry]:
    """A wrong password for an existing login, in the history of each partnership where it is a person.

    The entry's user is the login that was tried, not someone who acted: whoever typed the password
    is unknown. A user name that no login has goes to no partnership's history (axes keeps it with
    the address), so the history never shows which names exist. `lockout_minutes`: this failure
    locked the name out for that long (0: it did not).
    """
    after: dict[str, Any] = {"username": username, "ip": ip}
    if lockout_minutes:
        after["minutes"] = lockout_minutes
    partnership_ids = sorted(set(Person.objects.filter(user=user).values_list("partnership_id", flat=True)))
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            partnership_id=partnership_id,
            user=user,
            action="login.lockout" if lockout_minutes else "login.fail",
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            after=after,
        )
        for partnership_id in partnership_ids
    )


def access_denial_record(*, partnership: Partnership, user: AnyUser, action: str, path: str, method: str) -> AuditEntry:
    """A request the policy refused: who, which page, and what they were not allowed to do."""
    return AuditEntry.objects.create(
        partnership=partnership,
        user=user if isinstance(user, User) else None,
        action="access.deny",
        object_type="page",
        object_id="",
        after={"action": action[:100], "path": path[:PATH_LIMIT], "method": method},
    )


def _login_for_invitation(*, person: Person) -> User:
    """The login an invitation is for: the person's own, or the one whose user name is their e-mail
    address (made now, without a usable password, when there is none)."""
    if person.user is not None:
        return person.user
    username = username_for_email(person.email)
    user, created = User.objects.get_or_create(username=username, defaults={"email": username})
    if created:
        user.first_name, _sep, user.last_name = person.name.partition(" ")
        user.set_unusable_password()
        user.save()
    elif Person.objects.filter(partnership_id=person.partnership_id, user=user).exists():
        raise ValidationError(
            _("Another person in the partnership already logs in as %(username)s.") % {"username": username}
        )
    person.user = user
    person.save(update_fields=["user"])
    return user


def person_invite(*, actor: Actor, user: AnyUser, person: Person) -> User:
    """Send `person` an invitation to the partnership by e-mail and give them a login if they have
    none. Sending again is harmless: each message's link works until a password is chosen."""
    policy.require(actor, "person.manage", person)
    if not person.email:
        raise ValidationError(_("%(name)s has no e-mail address to send an invitation to.") % {"name": person.name})
    with transaction.atomic():
        had_login = person.user_id is not None
        login = _login_for_invitation(person=person)
        partnership = Partnership.objects.get(pk=person.partnership_id)
        invitation_mail_queue(person=person, partnership=partnership, user=login)
        audit_record(
            partnership=partnership,
            user=user,
            action="person.invitation_send",
            obj=person,
            before={"name": person.name, "login": None} if not had_login else None,
            after={"name": person.name, "email": person.email, "login": login.get_username()},
        )
    return login


def _slug_is_free_for_partnership(slug: str) -> bool:
    """A partnership's pages live under /<slug>/: a slug that begins an address of the site's own
    (logga-in, inbjudan, static, ...) would hide the partnership's pages, or some of them."""
    reserved = {settings.STATIC_URL.strip("/").split("/")[0]}
    for pattern in get_resolver().url_patterns:
        first = str(pattern.pattern).split("/")[0]
        if first and "<" not in first:
            reserved.add(first)
    return slug not in reserved


def partnership_create(*, slug: str, name: str, admin_email: str, admin_name: str = "") -> Partnership:
    """A new partnership with its first administrator, who is sent an invitation.

    For platform administrators, who run it from the command line (`samsyn partnership create`):
    they hold no role in any partnership, so there is no actor to ask the policy about.
    """
    admin_email = admin_email.strip()
    validate_email(admin_email)
    validate_slug(slug)
    if not _slug_is_free_for_partnership(slug):
        raise ValidationError(_("%(slug)s is an address of Samsyn itself: choose another short name.") % {"slug": slug})
    if Partnership.objects.filter(slug=slug).exists():
        raise ValidationError(_("A partnership with the short name %(slug)s already exists.") % {"slug": slug})
    with transaction.atomic():
        partnership = Partnership(slug=slug, name=name)
        partnership.full_clean()
        partnership.save()
        audit_record(
            partnership=partnership, user=None, action="partnership.create", obj=partnership, after={"name": name}
        )
        person = Person.objects.create(
            partnership=partnership,
            key=slugify(admin_email.replace("@", "-").replace(".", "-"))[:80],
            name=admin_name.strip() or admin_email,
            email=admin_email,
        )
        audit_record(
            partnership=partnership,
            user=None,
            action="person.create",
            obj=person,
            after={"name": person.name, "email": person.email},
        )
        role = RoleAssignment.objects.create(partnership=partnership, person=person, role=Role.ADMINISTRATOR)
        audit_record(
            partnership=partnership,
            user=None,
            action="roleassignment.create",
            obj=role,
            after={"name": person.name, "role": role.role},
        )
        login = _login_for_invitation(person=person)
        invitation_mail_queue(person=person, partnership=partnership, user=login)
        audit_record(
            partnership=partnership,
            user=None,
            action="person.invitation_send",
            obj=person,
            after={"name": person.name, "email": person.email, "login": login.get_username()},
        )
    return partnership


def password_set_record(*, user: User, action: str) -> list[AuditEntry]:
    """A password chosen by an invitation's link ("login.invitation_accept"), a reset link
    ("login.password_reset") or changed by the person logged in ("login.password_change"), in the
    history of each partnership where the login is a person. The password itself is never recorded."""
    partnership_ids = sorted(set(Person.objects.filter(user=user).values_list("partnership_id", flat=True)))
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            partnership_id=partnership_id,
            user=user,
            action=action,
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            after={"username": user.get_username()},
        )
        for partnership_id in partnership_ids
    )
