"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


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
