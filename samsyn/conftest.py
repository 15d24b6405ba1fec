"""Shared fixtures: the SHK demo put back after a transactional test, and its named people.

The demo is loaded once per test database by samsyn/core/testing/database.py."""

import os
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, TransactionTestCase
from django.utils import translation

from samsyn.core.demo import DEMO_USERNAMES, demo_load
from samsyn.search.signals import index_paused

# Plugins, so that their fixtures reach every test, bench/'s too: the test database's (the demo,
# a fast password hasher) and the browser's.
pytest_plugins = ["samsyn.core.testing.database", "samsyn.core.testing.browser"]
DEMO_PASSWORD = "demo-test-password"


def demo_load_for_tests():
    """The SHK demo with the test password; the index is built once at its end, not per save."""
    with index_paused():
        return demo_load("shk", DEMO_PASSWORD)


# The tests that take from ten seconds to minutes (walks of every page, processes of their own),
# longest first. scripts/test has xdist hand out tests one at a time (--maxschedchunk 1) in the
# order collected, to whichever worker is free: these, first, spread over the workers from the
# start, and the short ones fill the end. In collection order they came as one run to a single
# worker near the end (the whole-page walks held one worker's last eight minutes while the other
# had finished). xdist starts each worker with two tests: the two longest come first and third.
LONG_RUNNING = (
    "samsyn/core/tests/test_every_page.py::test_every_page_as_every_role[admin]",
    "samsyn/core/tests/test_every_page.py::test_every_page_as_every_role[ekonomi]",
    "samsyn/backup/tests/test_round_trip.py::",
    "samsyn/followup/tests/test_answer_migration.py::",
    "samsyn/core/tests/test_every_page.py::test_every_page_as_every_role[coreteam-barn]",
    "samsyn/core/tests/test_every_page.py::test_every_page_as_every_role[processledare]",
    "samsyn/core/tests/test_cli.py::test_demo_loads_prints_logins_and_is_idempotent",
    "samsyn/core/tests/test_serve.py::test_production_server_answers_probes_pages_and_static_files_and_logs_json",
    "samsyn/core/tests/test_cli.py::test_demo_generates_a_password_when_none_is_given",
    "samsyn/core/tests/test_every_page.py::test_every_page_as_every_role[",
    "samsyn/core/tests/test_every_page.py::test_reader_is_offered_no_changing_forms",
    "samsyn/api/tests/test_schema.py::",
    "samsyn/search/tests/test_semantic.py::test_related_by_meaning_says_so_in_words",
    "samsyn/core/tests/test_responsive.py::",
    "samsyn/archive/tests/test_concurrent_uploads.py::",
    "samsyn/core/tests/test_signin_oidc.py::test_signing_in_and_out_in_the_browser",
    "samsyn/core/tests/test_screenshots.py::",
)


def _running_order(item) -> int:
    return next(
        (i for i, prefix in enumerate(LONG_RUNNING) if item.nodeid.startswith(prefix)),
        len(LONG_RUNNING),
    )


def pytest_collection_modifyitems(config, items):
    # A stable sort: every other test keeps its place, and every worker collects the same order.
    items.sort(key=_running_order)


@pytest.fixture(autouse=True, scope="session")
def _search_by_words():
    """Search by words alone, the demo's index included: the tests of search by meaning (the
    semantic extra) turn it on for themselves, so that every other test's hits are the words'.
    The commands that tests start as processes of their own inherit it."""
    settings.SAMSYN_SEARCH_SEMANTIC = "0"
    os.environ["SAMSYN_SEARCH_SEMANTIC"] = "0"


@pytest.fixture(autouse=True)
def _product_language():
    """Every test starts in the product's language. A request in English (the language switch)
    leaves English active in the thread that served it, the test's own with the test Client: a
    later test in the same worker would otherwise read its messages in English, or not, depending
    on the order xdist hands out the tests."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
