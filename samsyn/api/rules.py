"""Personal API tokens as values: how one is made, what is kept of it, when it ends (pure).

A token is `samsyn_` and 43 characters of URL-safe randomness (256 bits): the prefix lets secret
scanners and people recognise it. Only its SHA-256 is stored, so a copy of the database holds no
usable token; the first characters after the prefix are kept in clear to tell one's tokens apart.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

PREFIX = "samsyn_"
# What the token list shows of a token: the prefix and this many characters more.
SHOWN = 4
DEFAULT_DAYS = 90
MAX_DAYS = 366

READ = "read"
WRITE = "write"
SCOPES = (READ, WRITE)
# The HTTP methods that only read; every other method needs a token with the write scope.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_new() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_hint(token: str) -> str:
    """What is kept in clear: the prefix and the first characters after it."""
    return token[: len(PREFIX) + SHOWN]


def looks_like_token(value: str) -> bool:
    return value.startswith(PREFIX) and len(value) <= 200


def expiry(now: datetime, days: int) -> datetime:
    """When a token made `now` for `days` days stops working; 1 to MAX_DAYS days."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_DAYS}")
    return now + timedelta(days=days)


def scope_allows(scope: str, method: str) -> bool:
    """A read token reads; a write token also writes."""
    return scope == WRITE or method.upper() in READING_METHODS
