"""Core's answers to Django's signals: a failed login goes into the audit history; a login starts
its idle time."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model

from .middleware import SessionIdleMiddleware
from .services import login_failure_record

logger = logging.getLogger(__name__)


def login_failed(sender, credentials, request=None, **kwargs):
    """Record a wrong password (django.contrib.auth's user_login_failed), after axes has counted it.

    axes sets the count of failures for the user name and address on the request; a count above the
    limit is an attempt while the name is locked out, which was recorded once, when the lock began.
    """
    if request is None:  # authenticate() called without a request (a command): nothing to tell
        return
    failures = getattr(request, "axes_failures_since_start", None)
    limit = settings.AXES_FAILURE_LIMIT
    if failures is not None and failures > limit:
        return
    username = str(credentials.get("username") or "")
    ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    user = get_user_model()._default_manager.filter(username=username).first()
    if user is None:
        # No partnership's history: it would show which names exist. axes keeps the name and address.
        logger.warning("Failed login for an unknown user name from %s", ip)
        return
    locked = failures is not None and failures >= limit
    login_failure_record(
        user=user,
        username=username,
        ip=ip,
        lockout_minutes=settings.SAMSYN_LOGIN_LOCKOUT_MINUTES if locked else 0,
    )


def logged_in(sender, request, user, **kwargs):
    """A login is saved with its session anyway: its idle time starts there (user_logged_in)."""
    session = getattr(request, "session", None)
    if session is not None:
        SessionIdleMiddleware.refreshed(session)
