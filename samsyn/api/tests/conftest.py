import pytest
from django.test import Client

from samsyn.api import services


@pytest.fixture
def token_for(db):
    """token_for("processledare", "write") -> a new token's value for that demo login in shk."""

    def make(username, scope="read", days=30):
        return services.token_issue(username=username, partnership_slug="shk", scope=scope, days=days).value

    return make


@pytest.fixture
def api_as(token_for):
    """api_as("ekonomi", "write") -> a Client that sends that login's new token with every request."""

    def make(username, scope="read"):
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(username, scope)}")

    return make
