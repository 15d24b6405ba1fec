"""The initiative page's money section, read here because the pilot money's board items are
governance's: budget, pilot and seed money with who decided it, outcome, external funding and
leverage by year, as of a chosen date (?per=), in a fixed number of queries, for those who read the
accounts only."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.economy.models import CostLine, GrantApplication, Leverage, Outcome, PilotGrant
from samsyn.governance.models import AgendaItem, PilotGrantDecision
from samsyn.portfolio.models import Initiative

SLUG = "cornerstone-indicators"
URL = f"/shk/initiativ/{SLUG}/"


def money(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section id="money"')
    return html[start : html.index("</section>", start)].replace("\u00a0", " ")


def record(shk, n=1, start=0):
    """Pilot money decided by the board at a meeting item and without a known authority, outcome in
    two years, an application granted in 2024 and its leverage: `n` of each."""
    initiative = Initiative.objects.get(partnership=shk, slug=SLUG)
    line = CostLine.objects.filter(partnership=shk).first()
    item = AgendaItem.objects.filter(partnership=shk, meeting__date=date(2024, 9, 19)).order_by("number").first()
    for k in range(start, start + n):
        board = PilotGrant.objects.create(
            partnership=shk,
            key=f"styrelsen-{k}",
            title=f"Styrelsens pilot {k}",
            initiative=initiative,
            amount_ore=1_200_000_00,
            decided_on=date(2024, 9, 19),
            authority="board",
        )
        PilotGrantDecision.objects.create(pilot_grant=board, board_item=item)
        PilotGrant.objects.create(
            partnership=shk,
            key=f"okand-{k}",
            title=f"Äldre pilot {k}",
            initiative=initiative,
            amount_ore=300_000_00,
            decided_on=date(2023, 3, 1),
        )
        Outcome.objects.create(
            partnership=shk,
            cost_line=line,
            initiative=initiative,
            date=date(2023, 6, 1),
            amount_ore=100_000_00,
            import_key=f"t-a-{k}",
        )
        Outcome.objects.create(
            partnership=shk,
            cost_line=line,
            initiative=initiative,
            date=date(2024, 10, 1),
            amount_ore=50_000_00,
            import_key=f"t-b-{k}",
        )
        application = GrantApplication.objects.create(
            partnership=shk,
            key=f"forte-{k}",
            funder="Forte",
            title=f"Ansökan {k}",
            initiative=initiative,
            amount_applied_ore=2_000_000_00,
            amount_granted_ore=1_500_000_00,
            status=GrantApplication.Status.GRANTED,
            decided_on=date(2024, 11, 1),
        )
        Leverage.objects.create(
            partnership=shk,
            key=f"forte-{k}",
            kind=Leverage.Kind.EXTERNAL,
            source_name="Forte",
            title=f"Ansökan {k}",
            year=2024,
            amount_ore=1_500_000_00,
            application=application,
        )
    return item


def test_the_section_says_who_decided_each_grant_and_shows_the_years(shk, client_as):
    item = record(shk)
    html = money(client_as("ekonomi"))
    assert "Styrelsen" in html
    assert f"§{item.number} {item.title}" in html
    assert f"/shk/styrning/moten/{item.meeting_id}/" in html
    assert "Beslutsordning okänd" in html
    # 2024: 1 200 000 pilot money, 50 000 outcome, 1 500 000 granted and brought in.
    assert '<td class="num">1 200 000</td><td class="num">50 000</td><td class="num">1 500 000</td>' in html
    # 2023: no budget approved and no leverage: a dash, not a zero.
    assert (
        '<th scope="row">2023</th><td class="num">–</td><td class="num">300 000</td><td class="num">100 000</td>'
        '<td class="num">–</td><td class="num">–</td>' in html
    )
    assert '<th scope="row">Utfall hittills</th><td></td><td></td><td class="num">150 000</td>' in html


def test_as_of_a_date_the_section_shows_what_had_happened_by_then(shk, client_as):
    record(shk)
    html = money(client_as("ekonomi"), "?per=2024-09-30")
    assert 'value="2024-09-30"' in html
    assert "Styrelsens pilot 0" in html
    # The outcome of October and the grant of November had not happened: the application was submitted.
    assert '<th scope="row">Utfall hittills</th><td></td><td></td><td class="num">100 000</td>' in html
    assert "<td>Inskickad</td>" in html
    before = money(client_as("ekonomi"), "?per=2023-01-01")
    assert "Styrelsens pilot 0" not in before and "Äldre pilot 0" not in before
    assert '<tr><th scope="row">–</th>' in before


def test_a_date_that_is_not_a_date_is_said_and_today_shown(shk, client_as):
    record(shk)
    html = money(client_as("ekonomi"), "?per=30/9")
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in html
    assert "Styrelsens pilot 0" in html


def test_the_section_is_not_shown_to_those_who_do_not_read_the_accounts(shk, client_as):
    record(shk)
    page = client_as("initiativagare").get(URL).content.decode()
    assert 'id="money"' not in page
    # The board's decision is the board's record (the decisions section); the accounts are not shown.
    assert "Äldre pilot 0" not in page
    assert "Utfall hittills" not in page


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_section_reads_a_fixed_number_of_queries(shk, client_as, no_search_index):
    client = client_as("ekonomi")
    record(shk, 1, 0)
    few = _queries(client)
    record(shk, 6, 1)
    assert _queries(client) == few


def test_the_demo_s_pilot_grants_reach_the_initiatives_they_were_granted_to(client_as):
    """SHK 2024/1 names each 2024 grant as its initiative is named: FIC is Future Impact Champion's."""
    page = client_as("ekonomi").get("/shk/initiativ/future-impact-champion/").content.decode()
    assert "Pilotmedel 1\xa0200\xa0000\xa0kr" in page
    other = client_as("ekonomi").get("/shk/initiativ/studentcoacher/").content.decode()
    assert "250\xa0000\xa0kr" in other
