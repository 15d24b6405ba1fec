"""The change history page: sentences with people's names and readable before and after, filters by
person, kind, name and date, under the policy, and a fixed number of queries whatever its length."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samsyn.core.models import AuditEntry, Person
from samsyn.portfolio.models import Initiative

URL = "/shk/historik/"
READERS = {"admin", "processledare", "ekonomi"}


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _entry(shk, username, action, obj, before=None, after=None, at=None):
    return AuditEntry.objects.create(
        partnership=shk,
        user=get_user_model().objects.get(username=username),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=before,
        after=after,
        at=at or timezone.now(),
    )


@pytest.fixture
def changed(shk):
    initiative = Initiative.objects.get(partnership=shk, slug="cornerstone-indicators")
    snapshot = {"name": "Cornerstone Indicators", "slug": "cornerstone-indicators", "phase": "ongoing", "owner": 19}
    return _entry(
        shk,
        "processledare",
        "initiative.change",
        initiative,
        before=snapshot,
        after={**snapshot, "phase": "phase_2", "owner": 11, "start": "2024-01-01"},
        at=timezone.make_aware(datetime(2024, 9, 19, 10, 0)),
    )


def test_who_may_read_the_history(client_as, demo_username):
    status = client_as(demo_username).get(URL).status_code
    assert status == (200 if demo_username in READERS else 403)


def test_an_entry_reads_as_a_swedish_sentence_with_a_readable_before_and_after(client_as, changed, shk):
    page = text_of(client_as("admin").get(URL))
    assert "Emma Mossberg ändrade initiativ ”Cornerstone Indicators”" in page
    assert "fas från Pågående till Fas 2" in page
    # Keys and codes are not shown: no owner's id, no slug, no action code, no dict.
    assert "initiative.change" not in page and "{" not in page and "cornerstone-indicators" not in page
    # The start page's latest changes say it alike and lead here.
    home = client_as("admin").get("/shk/").content.decode()
    assert "Emma Mossberg ändrade initiativ" in home and f'href="{URL}"' in home


def test_the_filters(client_as, changed, shk):
    client = client_as("processledare")
    leader = Person.objects.get(partnership=shk, user__username="processledare")
    admin = Person.objects.get(partnership=shk, user__username="admin")
    sentence = "Emma Mossberg ändrade initiativ"
    assert sentence in text_of(client.get(URL, {"person": leader.pk}))
    assert sentence not in text_of(client.get(URL, {"person": admin.pk}))
    assert sentence in text_of(client.get(URL, {"kind": "portfolio.initiative"}))
    assert sentence not in text_of(client.get(URL, {"kind": "archive.document"}))
    assert sentence in text_of(client.get(URL, {"name": "cornerstone"}))
    assert sentence not in text_of(client.get(URL, {"name": "Västerås"}))
    assert sentence in text_of(client.get(URL, {"date_from": "2024-09-19", "date_to": "2024-09-19"}))
    assert sentence not in text_of(client.get(URL, {"date_from": "2024-09-20"}))
    # Nothing found says so; a value the form does not know is a form error, not a server error.
    assert "Ingen post matchar filtren." in text_of(client.get(URL, {"name": "finns inte"}))
    for bad in ({"person": "x"}, {"kind": "auth.user"}, {"date_from": "2024-13-01"}, {"name": "x" * 5000}):
        assert client.get(URL, bad).status_code == 200


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


def _add(shk, n):
    initiative = Initiative.objects.get(partnership=shk, slug="cornerstone-indicators")
    users = ["admin", "processledare", "ekonomi"]
    start = timezone.now() - timedelta(days=n)
    for k in range(n):
        _entry(
            shk,
            users[k % 3],
            "initiative.change",
            initiative,
            before={"name": "Cornerstone Indicators", "phase": "ongoing"},
            after={"name": "Cornerstone Indicators", "phase": "phase_1"},
            at=start + timedelta(days=k),
        )


@pytest.mark.parametrize("params", [{}, {"name": "corner", "kind": "portfolio.initiative", "sida": "2"}])
def test_the_history_reads_a_fixed_number_of_queries(client_as, shk, params, django_assert_max_num_queries):
    client = client_as("admin")
    _add(shk, 10)
    few = _queries(client, params)
    _add(shk, 90)
    with django_assert_max_num_queries(few):
        assert client.get(URL, params).status_code == 200
    assert _queries(client, params) == few


def test_the_filters_are_labelled_in_swedish(client_as):
    page = client_as("admin").get(URL).content.decode()
    for label in ("Typ av uppgift", "Namnet innehåller", "Från (datum)", "Till (datum)"):
        assert label in page
    assert "Kind of record" not in page
