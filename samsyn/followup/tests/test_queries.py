"""Pages run a constant number of queries whatever the data size."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.followup.models import (
    Ballot,
    Evaluation,
    Event,
    EventFigure,
    FollowupPlanItem,
    ImpactStory,
    Kpi,
    Measurement,
    Response,
)
from samsyn.portfolio.models import Initiative

PAGES = [
    "/shk/uppfoljning/",
    "/shk/uppfoljning/nyckeltal/",
    "/shk/uppfoljning/utvarderingar/",
    "/shk/uppfoljning/utvarderingar/utvardering-2023/resultat/",
    "/shk/uppfoljning/utvarderingar/utvardering-2023/live/",
    "/shk/uppfoljning/utvarderingar/jamfor/",
    "/shk/uppfoljning/berattelser/",
    "/shk/uppfoljning/evenemang/?year=2023",
    "/shk/uppfoljning/plan/?year=2024",
    "/shk/uppfoljning/verksamhetsberattelse/2023/",
]


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def grow(shk, n):
    initiative = Initiative.objects.filter(partnership=shk).first()
    ev = Evaluation.objects.get(partnership=shk, key="utvardering-2023")
    statements = list(ev.statements.all())
    for i in range(n):
        k = Kpi.objects.create(partnership=shk, key=f"extra-{i}", name=f"Extra {i}", group="Extra")
        for y in (2021, 2022, 2023):
            Measurement.objects.create(partnership=shk, kpi=k, period_start=date(y, 1, 1), value=Decimal(i + y))
        e = Event.objects.create(
            partnership=shk, key=f"extra-{i}", date=date(2023, 6, 1 + i % 28), title=f"Extra {i}", registrations=i
        )
        e.initiatives.add(initiative)
        EventFigure.objects.create(partnership=shk, event=e, key="x", label="X", percent=Decimal("12.5"))
        ImpactStory.objects.create(
            partnership=shk,
            key=f"extra-{i}",
            person_name=f"P {i}",
            text="T",
            year=2023,
            initiative=initiative,
            consent_to_publish=True,
        )
        item = FollowupPlanItem.objects.create(partnership=shk, key=f"extra-{i}", year=2024, question=f"Q {i}")
        item.kpis.add(k)
        item.evaluations.add(ev)
        b = Ballot.objects.create(partnership=shk, evaluation=ev, secret_hash=f"extra-{i}")
        for s in statements:
            Response.objects.create(partnership=shk, statement=s, ballot=b, colour="red", comment="c")


@pytest.mark.parametrize("url", PAGES)
def test_constant_queries(shk, client_as, url, no_search_index):
    client = client_as("processledare")
    client.get(url)  # warm caches (sessions, content types)
    before = count(client, url)
    grow(shk, 12)
    after = count(client, url)
    assert after == before, f"{url}: {before} -> {after} queries"
