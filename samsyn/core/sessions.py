"""Django's database sessions, with the query that every request makes compiled once.

The same table, rows and behaviour as django.contrib.sessions.backends.db; only the lookup of the
session goes through core.lib.prepared, since every page a logged-in visitor asks for runs it and
its values (the key, the time) are all that change."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from .lib.prepared import prepared


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        found = _session(self.session_key, timezone.now())
        if found:
            return found[0]
        self._session_key = None
        return None


@prepared
def _session(session_key: str, now: datetime) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key, expire_date__gt=now)[:1]
