"""Reads of the API app: a token by its value, a person's tokens."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from samsyn.core.models import Partnership

from . import rules
from .models import ApiToken


def token_find(value: str) -> ApiToken | None:
    """The working token with this value (not revoked, not expired), with its login, or None."""
    if not rules.looks_like_token(value):
        return None
    return (
        ApiToken.objects.select_related("user", "partnership")
        .filter(digest=rules.token_digest(value), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def token_list(user: User, partnership: Partnership) -> QuerySet[ApiToken]:
    """A person's tokens in one partnership, the newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user, partnership=partnership).order_by("-created_at", "-pk")
