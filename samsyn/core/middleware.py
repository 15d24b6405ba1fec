"""Resolve the partnership of every internal URL and the visitor's roles in it, and record what it
refused; speak Swedish first; end idle logins; turn off browser features the site does not use."""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.middleware.locale import LocaleMiddleware

from .policy import partnership_actor_load
from .services import access_denial_record

logger = logging.getLogger(__name__)


class PartnershipMiddleware:
    """Internal pages live under /<partnership_slug>/: login is required and a login
    without an active role there gets a 404, so another partnership's data is never
    shown, nor is its existence confirmed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.partnership = None
        request.actor = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("partnership_slug")
        if slug is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The partnership and the visitor's roles in it come in one query.
        found = partnership_actor_load(request.user, slug)
        if found is None:
            raise Http404
        request.partnership, request.actor = found
        return None

    def process_exception(self, request, exception):
        """Every refusal of the policy ends here (views and services raise PermissionDenied, which
        Django turns into the 403 page): it goes into the partnership's audit history.

        The history belongs to a partnership and its tenant key is never optional, so a refusal
        outside the partnership pages (an answer link, where nobody is logged in) goes to the log."""
        if not isinstance(exception, PermissionDenied):
            return None
        action = str(exception)
        if request.partnership is None:
            logger.warning("Refused %s %s (%s) outside a partnership", request.method, request.path, action)
        else:
            access_denial_record(
                partnership=request.partnership,
                user=request.user,
                action=action,
                path=request.path,
                method=request.method,
            )
        return None


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish whatever the browser asks for; another language only by the visitor's own choice.

    Django's LocaleMiddleware follows the browser's Accept-Language, so a Swedish official on a
    computer set to English would get English. The product's language is Swedish: only the
    language cookie (set by the switch in the header) chooses another.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)


class SessionIdleMiddleware:
    """A login ends SESSION_COOKIE_AGE after its last request, not after its first.

    A session's end (in the database and in the cookie) moves forward only when the session is
    saved; SESSION_SAVE_EVERY_REQUEST would save it on every page. Here a logged-in session is
    saved at most once a minute, so an idle login ends between one minute before and exactly
    SESSION_COOKIE_AGE after its last request, at a sixtieth of the writes.
    """

    REFRESH_SECONDS = 60
    KEY = "samsyn_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A visitor without a session cookie has no session to keep alive; not reading one keeps
        # their pages free of "Vary: Cookie", so that a shared cache may keep the public ones.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        session = request.session
        # The session's own data says whether someone is logged in: no query for the user.
        if SESSION_KEY in session and time.time() - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
            self.refreshed(session)
        return self.get_response(request)

    @classmethod
    def refreshed(cls, session):
        """Mark the session as saved now; it is then saved, with a new end, after the view. Also at
        login (core's receivers), so that the first pages after it do not write the session again."""
        session[cls.KEY] = int(time.time())


class NulInQueryMiddleware:
    """A NUL character in an address's query is refused with 400, the bad request page, before any
    view reads it: no one types it, and PostgreSQL refuses to compare or store it, so a search or
    filter that passed it on would end in a server error. (A form's own fields refuse it with a
    message: Django's ProhibitNullCharactersValidator.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING") and any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("a NUL character in the query")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (Django has none): camera, microphone, position, payment and
    the like are off for the site and anything it embeds (settings.SAMSYN_PERMISSIONS_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.SAMSYN_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response
