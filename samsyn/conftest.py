"""Shared fixtures: the SHK demo loaded once per test database, and its named people."""

import pytest
from django.test import Client

from samsyn.core.demo import DEMO_USERNAMES, demo_load

pytest_plugins = ["samsyn.core.testing.browser"]

DEMO_PASSWORD = "demo-test-password"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Every test starts from Samhällskontraktet's demo, as a new user would see it.
    with django_db_blocker.unblock():
        demo_load("shk", DEMO_PASSWORD)


@pytest.fixture
def shk(db):
    from samsyn.core.models import Partnership

    return Partnership.objects.get(slug="shk")


@pytest.fixture
def client_as(db):
    """client_as("coreteam-barn") -> a Client logged in as that demo user."""

    def make(username):
        from django.contrib.auth import get_user_model

        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return make


@pytest.fixture(params=DEMO_USERNAMES)
def demo_username(request):
    return request.param
