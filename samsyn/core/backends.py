"""Authentication backends."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import QuerySet

from .lib.prepared import prepared


class LoginThrottleBackend(AxesStandaloneBackend):
    """axes' check of locked-out logins, for logins that come with a request.

    axes counts failures per user name and address, so it refuses to judge an authenticate() call
    without a request. Those come from code, not from a visitor (the test client's login(), a
    command): nothing to count, so they pass on to Django's own backend, which checks the password.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class ModelBackend(DjangoModelBackend):
    """Django's own backend, with the look-up of the signed-in user that every page makes compiled
    once (core.lib.prepared): only the user's id changes between requests."""

    def get_user(self, user_id):
        if not isinstance(user_id, int) or isinstance(user_id, bool):
            return super().get_user(user_id)
        found = _user(user_id)
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None


@prepared
def _user(user_id: int) -> QuerySet:
    return get_user_model()._default_manager.filter(pk=user_id)
