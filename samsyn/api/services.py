"""Writes of the API app: personal tokens made, revoked and pruned, and each use recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser

from . import rules
from .models import ApiToken, ApiTokenUse

# How long revoked and expired tokens, and the log of uses, are kept before `samsyn token prune`.
KEEP_DAYS = 90
PATH_LIMIT = 300


@dataclass(frozen=True)
class Created:
    """A new token: the value is shown once, here, and never stored."""

    token: ApiToken
    value: str


def _create(*, user: User, partnership: Partnership, scope: str, days: int, name: str) -> Created:
    if scope not in rules.SCOPES:
        raise ValidationError(_("The scope must be read or write."))
    if not 1 <= days <= rules.MAX_DAYS:
        raise ValidationError(_("A token lasts from 1 to %(max)s days.") % {"max": rules.MAX_DAYS})
    value = rules.token_new()
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            partnership=partnership,
            user=user,
            name=name.strip()[:100],
            digest=rules.token_digest(value),
            hint=rules.token_hint(value),
            scope=scope,
            created_at=now,
            expires_at=rules.expiry(now, days),
        )
        audit_record(
            partnership=partnership,
            user=user,
            action="apitoken.create",
            obj=token,
            after={"scope": scope, "expires": token.expires_at.date().isoformat(), "name": token.name},
        )
    return Created(token, value)


def token_create(
    *, actor: Actor | None, user: AnyUser, partnership: Partnership, scope: str, days: int, name: str = ""
) -> Created:
    """A token for oneself: it carries one's own roles in the partnership, so any member may make one."""
    policy.require(actor, "partnership.view")
    if not isinstance(user, User):
        raise ValidationError(_("Log in to create an API token."))
    return _create(user=user, partnership=partnership, scope=scope, days=days, name=name)


def token_issue(*, username: str, partnership_slug: str, scope: str, days: int = rules.DEFAULT_DAYS) -> Created:
    """A token made by the platform's operator (`samsyn token create`) for a person who holds a role
    in the partnership today."""
    user = User.objects.filter(username=username).first()
    partnership = Partnership.objects.filter(slug=partnership_slug).first()
    if user is None:
        raise ValidationError(_("There is no login with that user name."))
    if partnership is None:
        raise ValidationError(_("There is no partnership with that address name."))
    actor = policy.actor_load(user, partnership)
    if actor is None or not actor.is_member:
        raise ValidationError(_("The login holds no role in the partnership today."))
    return _create(user=user, partnership=partnership, scope=scope, days=days, name=_("Made on the command line"))


def token_revoke(*, actor: Actor | None, user: AnyUser, token: ApiToken) -> None:
    """Revoke one's own token; it stops working at once."""
    policy.require(actor, "partnership.view", token)
    if token.user_id != getattr(user, "pk", None):
        raise ValidationError(_("You can only revoke your own tokens."))
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(partnership=token.partnership, user=user, action="apitoken.revoke", obj=token)


def token_use_record(*, token: ApiToken, method: str, path: str, status: int) -> None:
    """One request made with the token, in the compact log; the token's last use moves forward."""
    now = timezone.now()
    # The address as asked for may hold what PostgreSQL cannot store (a NUL character, which the API
    # refuses with 422): it is kept readable rather than as it came.
    ApiTokenUse.objects.create(
        partnership_id=token.partnership_id,
        token=token,
        at=now,
        method=method[:10],
        path=path.replace("\x00", "\ufffd")[:PATH_LIMIT],
        status=status,
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def token_prune(*, keep_days: int = KEEP_DAYS) -> tuple[int, int]:
    """Remove tokens revoked or expired more than `keep_days` ago (their uses go with them) and uses
    older than that: (tokens, uses) removed."""
    before = timezone.now() - timedelta(days=keep_days)
    with transaction.atomic():
        uses, _by_model = ApiTokenUse.objects.filter(at__lt=before).delete()
        old = ApiToken.objects.filter(revoked_at__lt=before) | ApiToken.objects.filter(expires_at__lt=before)
        tokens = old.count()
        _n, removed = old.delete()
    return tokens, uses + removed.get(ApiTokenUse._meta.label, 0)
