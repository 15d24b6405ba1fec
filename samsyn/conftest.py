"""Shared fixtures: the SHK demo loaded once per test database, and its named people."""

from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, TransactionTestCase, override_settings

from samsyn.core.demo import DEMO_USERNAMES, demo_load
from samsyn.core.testing.snapshot import Snapshot
from samsyn.search.signals import index_paused

pytest_plugins = ["samsyn.core.testing.browser"]

DEMO_PASSWORD = "demo-test-password"
# PBKDF2's deliberate slowness costs a quarter of a second per password set or checked; the
# tests check who may do what, not the strength of the hash.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """PostgreSQL test databases commit without waiting for the disk.

    A test database is thrown away at the end, so a commit need not survive a crash; waiting for
    each commit's flush costs milliseconds, and migrating, loading the demo and every
    transactional test commit thousands of times. Several runs at once then queue on the disk."""
    for database in settings.DATABASES.values():
        if database["ENGINE"] == "django.db.backends.postgresql":
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    # Session-wide, so the demo's set_password calls and the live server's login checks use it too.
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


def demo_load_for_tests():
    """The SHK demo with the test password; the index is built once at its end, not per save."""
    with index_paused():
        return demo_load("shk", DEMO_PASSWORD)


@pytest.fixture(scope="session")
def django_db_setup(fast_password_hasher, django_db_setup, django_db_blocker):
    """Every test starts from Samhällskontraktet's demo, as a new user would see it.

    Returns a snapshot of the loaded database, for putting the demo back after a flush."""
    with django_db_blocker.unblock():
        demo_load_for_tests()
        snapshot = Snapshot()
        snapshot.take()
    return snapshot


@pytest.fixture
def _demo_put_back(django_db_setup):
    # Django ends a transactional test by emptying every table (TRUNCATE on PostgreSQL: seconds
    # for our hundred tables); copying the snapshot back instead leaves the demo in place.
    def put_back(test_case):
        django_db_setup.restore()

    with mock.patch.object(TransactionTestCase, "_fixture_teardown", put_back):
        yield


@pytest.fixture
def transactional_db(_demo_put_back, transactional_db):
    """pytest-django's transactional_db, ending with the demo as it was loaded, not an empty database.

    A transactional test (every live_server test) commits what it writes. Putting the demo back
    afterwards keeps the next test, on this process in whatever order xdist hands them out,
    starting from the demo like all the others."""
    return transactional_db


@pytest.fixture
def no_search_index():
    """Saves in this test leave the search index alone: for tests that build many records and
    do not search them."""
    with index_paused():
        yield


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
