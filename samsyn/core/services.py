"""Writes that every app shares, and core's own: partnerships, invitations, passwords."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.db.models import Model
from django.db.models.deletion import ProtectedError, RestrictedError
from django.urls import get_resolver
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import policy
from .administration import ACTION as ADMINISTRATION
from .administration import Register, key_for, snapshot
from .audit import SECRET_CHANGED
from .invitations import invitation_mail_queue, username_for_email
from .lib.ordering import place_next
from .models import AuditEntry, ExternalIdentity, Partnership, Person, RoleAssignment, SignInService
from .policy import Actor, Target
from .roles import Role
from .signin import (
    DOMAIN_NOT_ALLOWED,
    LOGIN_INACTIVE,
    NO_PERSON,
    PersonFacts,
    Step,
    claimed_email,
    domain_allowed,
    domains_parse,
    signin_decide,
)
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


# ---------------------------------------------------------------- the administrator's registers


def _register_values_set(*, register: Register, obj: Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """Put the form's values on the record; return the many-to-many ones, set after the save."""
    many: dict[str, Any] = {}
    for name in register.fields:
        if name not in values:
            continue
        if obj._meta.get_field(name).many_to_many:
            many[name] = values[name]
        else:
            setattr(obj, name, values[name])
    return many


def _register_save(*, register: Register, obj: Model, many: Mapping[str, Any]) -> None:
    model = type(obj)
    siblings = model._default_manager.filter(partnership_id=obj.partnership_id)  # type: ignore[attr-defined]
    if register.key_field and not getattr(obj, register.key_field):
        taken = siblings.values_list(register.key_field, flat=True)
        max_length = getattr(obj._meta.get_field(register.key_field), "max_length", None) or 50
        setattr(obj, register.key_field, key_for(str(getattr(obj, register.key_from)), taken, max_length=max_length))
    if register.order_field and obj.pk is None:
        setattr(obj, register.order_field, place_next(siblings, field=register.order_field))
    obj.full_clean()
    obj.save()
    for name, related in many.items():
        getattr(obj, name).set(related)


def register_entry_create(
    *, actor: Actor, user: AnyUser, partnership: Partnership, register: Register, values: Mapping[str, Any]
) -> Model:
    """A new record of one of the partnership's registers, with its key and place made for it."""
    policy.require(actor, ADMINISTRATION, Target(partnership_id=partnership.pk))
    obj = register.model(partnership=partnership)
    with transaction.atomic():
        many = _register_values_set(register=register, obj=obj, values=values)
        _register_save(register=register, obj=obj, many=many)
        audit_record(
            partnership=partnership,
            user=user,
            action=f"{obj._meta.model_name}.create",
            obj=obj,
            after=snapshot(obj, register.fields, secret=register.secret_fields),
        )
    return obj


def register_entry_change(
    *, actor: Actor, user: AnyUser, register: Register, obj: Model, values: Mapping[str, Any]
) -> Model:
    """A changed record of one of the registers, with what it was and is in the history."""
    policy.require(actor, ADMINISTRATION, obj)
    with transaction.atomic():
        stored = type(obj)._default_manager.get(pk=obj.pk)
        before = snapshot(stored, register.fields, secret=register.secret_fields)
        many = _register_values_set(register=register, obj=obj, values=values)
        _register_save(register=register, obj=obj, many=many)
        after = snapshot(obj, register.fields, secret=register.secret_fields)
        for name in register.secret_fields:
            # The values are not recorded; that a new one was written is.
            if getattr(obj, name) and getattr(obj, name) != getattr(stored, name):
                after[name] = SECRET_CHANGED
        if after != before:
            audit_record(
                partnership=obj.partnership,  # type: ignore[attr-defined]
                user=user,
                action=f"{obj._meta.model_name}.change",
                obj=obj,
                before=before,
                after=after,
            )
    return obj


def register_entry_delete(*, actor: Actor, user: AnyUser, register: Register, obj: Model) -> None:
    """Remove a record of one of the registers, and what Django removes with it; a record others
    still need (a party with financing) is refused in words."""
    policy.require(actor, ADMINISTRATION, obj)
    with transaction.atomic():
        before = snapshot(obj, register.fields, secret=register.secret_fields)
        partnership = obj.partnership  # type: ignore[attr-defined]
        audit_record(
            partnership=partnership, user=user, action=f"{obj._meta.model_name}.delete", obj=obj, before=before
        )
        try:
            obj.delete()
        except (ProtectedError, RestrictedError):
            raise ValidationError(
                _("%(name)s cannot be removed while other records refer to it.") % {"name": before.get("name") or obj}
            ) from None


def partnership_change(*, actor: Actor, user: AnyUser, partnership: Partnership, values: Mapping[str, Any]) -> None:
    """The partnership's own name, short name, vision and mission."""
    policy.require(actor, ADMINISTRATION, Target(partnership_id=partnership.pk))
    fields = ("name", "short_name", "vision", "mission")
    with transaction.atomic():
        before = {f: getattr(Partnership.objects.get(pk=partnership.pk), f) for f in fields}
        for name in fields:
            if name in values:
                setattr(partnership, name, values[name])
        partnership.full_clean()
        partnership.save()
        after = {f: getattr(partnership, f) for f in fields}
        if after != before:
            audit_record(
                partnership=partnership,
                user=user,
                action="partnership.change",
                obj=partnership,
                before=before,
                after=after,
            )


def person_login_remove(*, actor: Actor, user: AnyUser, person: Person) -> None:
    """The person no longer logs in to this partnership: their login is unlinked from them here
    (it may still be someone's in another partnership); their roles and history stay."""
    policy.require(actor, ADMINISTRATION, person)
    with transaction.atomic():
        login = person.user
        if login is None:
            return
        person.user = None
        person.save(update_fields=["user"])
        # Its accounts at the partnership's sign-in services go with it.
        ExternalIdentity.objects.filter(partnership_id=person.partnership_id, user=login).delete()
        audit_record(
            partnership=Partnership.objects.get(pk=person.partnership_id),
            user=user,
            action="person.login_remove",
            obj=person,
            before={"name": person.name, "login": login.get_username()},
            after={"name": person.name, "login": None},
        )


# ---------------------------------------------------------------- sign-in with a partnership's own provider


class SignInRefused(Exception):
    """A sign-in the rules refuse (core.signin's codes); recorded in the history before it is raised."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def signin_refusal_record(*, service: SignInService, reason: str, email: str = "") -> AuditEntry:
    """A sign-in through the service that was refused, in its partnership's history: by nobody (no one
    signed in), with the address the provider vouched for, if any, and why."""
    return AuditEntry.objects.create(
        partnership_id=service.partnership_id,
        user=None,
        action="login.external_refuse",
        object_type=service._meta.label_lower,
        object_id=str(service.pk),
        after={"service": service.name, "email": email[:254], "reason": reason},
    )


def external_identity_signin(*, service: SignInService, subject: str, claims: Mapping[str, Any]) -> User:
    """The login that the provider's verified claims sign in as, linked to the person with the vouched
    address the first time (core.signin.signin_decide); a refusal is recorded and raised as SignInRefused.

    Open to anyone: the provider has vouched for the person, and the rules decide who they are here.
    """
    claimed = claimed_email(dict(claims), service.email_claim or "email")
    refusal = claimed.refusal
    if not refusal and not domain_allowed(claimed.email, domains_parse(service.email_domains)):
        refusal = DOMAIN_NOT_ALLOWED
    if refusal:
        signin_refusal_record(service=service, reason=refusal, email=claimed.email)
        raise SignInRefused(refusal)
    try:
        return _signin_apply(service=service, subject=subject, email=claimed.email)
    except SignInRefused as refused:
        # Recorded after the transaction that refused, which wrote nothing.
        signin_refusal_record(service=service, reason=refused.reason, email=claimed.email)
        raise


def _signin_apply(*, service: SignInService, subject: str, email: str) -> User:
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .filter(partnership_id=service.partnership_id, issuer=service.issuer, subject=subject)
            .select_related("user")
            .first()
        )
        people = Person.objects.filter(partnership_id=service.partnership_id)
        identity_person = people.filter(user=identity.user).first() if identity else None
        with_email = tuple(
            PersonFacts(p.pk, p.user_id) for p in people.filter(email__iexact=email).only("pk", "user_id")
        )
        email_login = User.objects.filter(username=username_for_email(email)).first()
        email_login_person = people.filter(user=email_login).first() if email_login else None
        decision = signin_decide(
            identity_user_id=identity.user_id if identity else None,
            identity_user_person_id=identity_person.pk if identity_person else None,
            people_with_email=with_email,
            email_login_user_id=email_login.pk if email_login else None,
            email_login_person_id=email_login_person.pk if email_login_person else None,
        )
        if decision.step is Step.REFUSE or decision.person_id is None:
            raise SignInRefused(decision.refusal or NO_PERSON)
        person = people.get(pk=decision.person_id)
        if decision.step is Step.CREATE_LOGIN:
            login = User(username=username_for_email(email), email=username_for_email(email))
            login.first_name, _sep, login.last_name = person.name.partition(" ")
            login.set_unusable_password()
            login.save()
        else:
            login = User.objects.get(pk=decision.user_id or 0)
        if not login.is_active:
            raise SignInRefused(LOGIN_INACTIVE)
        if decision.step in (Step.CREATE_LOGIN, Step.LINK_PERSON):
            person.user = login
            person.save(update_fields=["user"])
        now = timezone.now()
        first_time = identity is None
        if identity is None:
            identity = ExternalIdentity.objects.create(
                partnership_id=service.partnership_id,
                service=service,
                user=login,
                issuer=service.issuer,
                subject=subject,
                email=email[:254],
                linked_at=now,
            )
        identity.last_login_at, identity.email = now, email[:254]
        identity.save(update_fields=["last_login_at", "email"])
        AuditEntry.objects.create(
            partnership_id=service.partnership_id,
            user=login,
            action="login.external_link" if first_time or decision.step is Step.LINK_PERSON else "login.external",
            object_type=service._meta.label_lower,
            object_id=str(service.pk),
            after={"service": service.name, "email": email[:254], "person": person.name},
        )
    return login
