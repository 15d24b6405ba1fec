"""The year cycle across governance and follow-up: a year's business plan shows the KPI targets of
that year (follow-up's part of governance's page), and a new year started from the year before's
takes its KPI targets with it."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.followup.models import Kpi, KpiTarget
from samsyn.governance.models import OperationalGoal
from samsyn.governance.services.plans import plan_start

URL = "/shk/styrning/verksamhetsplan/"
pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = response.content.decode().replace("\xa0", " ").replace("\u202f", " ")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_plan_shows_the_kpi_targets_of_its_year(client_as):
    page = text_of(client_as("lasare").get(URL, {"year": "2026"}))
    assert "Nyckeltalens mål 2026" in page
    assert "Antal genomförda piloter 4 planen för 2026" in page
    # A KPI the year sets no target for follows its standing target.
    assert "Beviljad extern finansiering under året (kr) 10 000 000 kr det stående målet" in page
    assert "Ändra nyckeltalens mål för 2026" not in page
    # In 2025 no KPI had a target of the year's own: the standing ones apply.
    earlier = text_of(client_as("lasare").get(URL, {"year": "2025"}))
    assert "Antal genomförda piloter" not in earlier
    assert "4 nyckeltal har ett mål, 0 av dem satta för året" in earlier
    assert "8 nyckeltal har ett mål, 4 av dem satta för året" in page


def test_those_who_write_the_plan_are_led_to_the_targets_form(client_as):
    html = client_as("processledare").get(URL, {"year": "2026"}).content.decode()
    assert 'href="/shk/uppfoljning/nyckeltal/mal/2026/"' in html


def test_a_new_year_takes_the_kpi_targets_of_the_year_before(shk):
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.DEPUTY_PROCESS_LEADER)}))
    started = plan_start(actor=actor, user=None, partnership=shk, year=2027)
    assert started.others == 4
    before = dict(KpiTarget.objects.filter(partnership=shk, year=2026).values_list("kpi__key", "target"))
    after = dict(KpiTarget.objects.filter(partnership=shk, year=2027).values_list("kpi__key", "target"))
    assert (
        after
        == before
        == {
            "antal-piloter": Decimal("4"),
            "nya-externa-partners": Decimal("3"),
            "events-digitala-aktiviteter": Decimal("20"),
            "studenter-involverade": Decimal("40"),
        }
    )


def test_a_refused_start_copies_no_kpi_targets(shk):
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))
    OperationalGoal.objects.create(partnership=shk, year=2027, number=1, title="Eget", text="Redan skrivet")
    with pytest.raises(Exception, match="2027 har redan verksamhetsmål"):
        plan_start(actor=actor, user=None, partnership=shk, year=2027)
    assert not KpiTarget.objects.filter(partnership=shk, year=2027).exists()


def test_the_plan_page_with_its_kpi_section_runs_a_constant_number_of_queries(shk, client_as, no_search_index):
    client = client_as("processledare")
    url = f"{URL}?year=2026"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(10):
        kpi = Kpi.objects.create(partnership=shk, key=f"extra-{n}", name=f"Extra {n}", target=Decimal(n))
        KpiTarget.objects.create(partnership=shk, kpi=kpi, year=2026, target=Decimal(n + 1))
    assert count() == before
