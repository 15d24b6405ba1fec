"""The start page's "what to do now": each demo role sees its own panels, filled from the records that
wait for that person, an empty panel says so in words and links to where to act, and the page reads
the same number of queries whatever the amount of data."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samsyn.core.models import Organization, Person
from samsyn.followup.models import Evaluation, Respondent
from samsyn.governance.models import AgendaItem, Assignment, Attachment, Meeting, Requisition
from samsyn.governance.rules import assignment_overdue, meeting_concerns
from samsyn.hub.models import QuestionAnswer
from samsyn.portfolio.models import Initiative, ProposalItem, StatusUpdate
from samsyn.portfolio.rules.status import status_update_due

ALL = ["assignments", "meetings", "decisions", "evaluations"]

# What each demo role sees, panel by panel (the keys of the panels' headings).
PANELS = {
    "admin": [*ALL, "hub"],
    "processledare": [*ALL, "requisitions", "hub"],
    "ekonomi": [*ALL, "requisitions"],
    "styrelse": ALL,
    "coreteam-barn": [*ALL, "hub"],
    "coreteam-aldre": [*ALL, "hub"],
    "initiativagare": ["assignments", "decisions", "evaluations", "initiatives", "hub"],
    "lasare": [],
}


def panels_of(html: str) -> list[str]:
    return re.findall(r'<h3 id="todo-([a-z]+)">', html)


def panel(html: str, key: str) -> str:
    """The text of one panel, tags removed."""
    part = html.split(f'id="todo-{key}"', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split())


def person(shk, username):
    return Person.objects.get(partnership=shk, user__username=username)


# ---------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("last", "today", "every", "due"),
    [
        (None, date(2026, 11, 30), 90, True),
        (date(2026, 9, 1), date(2026, 11, 30), 90, True),  # 90 days: due
        (date(2026, 9, 2), date(2026, 11, 30), 90, False),  # 89 days
        (date(2026, 11, 30), date(2026, 11, 30), 90, False),
        (date(2026, 11, 1), date(2026, 11, 30), 28, True),
    ],
)
def test_a_status_update_is_due_after_the_interval(last, today, every, due):
    assert status_update_due(last=last, today=today, every_days=every) is due


@pytest.mark.parametrize(
    ("due", "overdue"),
    [(None, False), (date(2026, 11, 29), True), (date(2026, 11, 30), False), (date(2026, 12, 1), False)],
)
def test_an_assignment_is_overdue_the_day_after_its_due_date(due, overdue):
    assert assignment_overdue(due=due, today=date(2026, 11, 30)) is overdue


@pytest.mark.parametrize(
    ("kind", "area", "roles", "areas", "concerns"),
    [
        ("board", None, {"board_member"}, set(), True),
        ("board", None, {"economy_controller"}, set(), True),
        ("board", None, {"core_team_member"}, {1}, False),
        ("joint", None, {"core_team_member"}, {1}, True),
        ("core_team", 1, {"core_team_member"}, {1}, True),
        ("core_team", 2, {"core_team_member"}, {1}, False),
        ("core_team", 2, {"process_leader"}, set(), True),
        ("core_team", 2, {"board_member"}, set(), False),
        ("board", None, {"reader"}, set(), False),
    ],
)
def test_which_meetings_concern_a_person(kind, area, roles, areas, concerns):
    assert (
        meeting_concerns(kind=kind, focus_area_id=area, roles=frozenset(roles), focus_area_ids=frozenset(areas))
        is concerns
    )


# ---------------------------------------------------------------- the page


def test_each_role_sees_its_own_panels(client_as, demo_username):
    html = client_as(demo_username).get("/shk/").content.decode()
    assert panels_of(html) == PANELS[demo_username]
    if not PANELS[demo_username]:
        assert "Att göra nu" not in html


def test_empty_panels_say_so_and_link_to_where_to_act(client_as):
    # The demo's illustrative year plans meetings ahead; without them, nothing is planned.
    Meeting.objects.filter(date__gte=timezone.localdate()).delete()
    html = client_as("coreteam-aldre").get("/shk/").content.decode()
    assert "Inga uppdrag väntar på dig." in panel(html, "assignments")
    assert 'href="/shk/styrning/uppdrag/"' in html
    assert "Inget av dina möten är planerat." in panel(html, "meetings")
    assert "Inga beslut väntar på dig." in panel(html, "decisions")
    assert "Ingen utvärdering väntar på ditt svar." in panel(html, "evaluations")
    # A Core Team member may plan meetings of their own focus area: the empty panel says where.
    assert "Planera ett möte" in panel(html, "meetings")
    assert "Planera ett möte" not in panel(client_as("styrelse").get("/shk/").content.decode(), "meetings")


def _meeting(shk, key, kind="board", days=14, **kwargs):
    return Meeting.objects.create(
        partnership=shk,
        key=key,
        kind=kind,
        title=kwargs.pop("title", "Styrelsemöte"),
        date=timezone.localdate() + timedelta(days=days),
        **kwargs,
    )


@pytest.fixture
def waiting(shk):
    """Something for each panel: an assignment due in 7 days and one overdue for the process leader,
    a board meeting in two weeks with a paper, minutes the board member is named to approve, an open
    evaluation the board member is invited to, and an unpaid requisition past its due date."""
    today = timezone.localdate()
    # Only what is made here waits: not the demo's illustrative meetings, assignments and requisitions.
    Meeting.objects.filter(partnership=shk, date__gte=today - timedelta(days=120)).delete()
    Requisition.objects.filter(partnership=shk, year=2026).delete()
    leader, board = person(shk, "processledare"), person(shk, "styrelse")
    past = _meeting(shk, "start-held", days=-10, status="held", title="Styrelsemöte i höstas")
    item = AgendaItem.objects.create(partnership=shk, meeting=past, number=1, title="Uppföljning")
    Assignment.objects.create(
        partnership=shk, item=item, assignee=leader, text="Ta fram en ny budget", due=today + timedelta(days=7)
    )
    Assignment.objects.create(
        partnership=shk, item=item, assignee=leader, text="Skicka rapporten", due=today - timedelta(days=3)
    )
    past.adjusters.add(board)
    upcoming = _meeting(shk, "start-next", place="Västerås")
    Attachment.objects.create(partnership=shk, meeting=upcoming, number=1, title="Budget", url="https://example.se")
    ev = Evaluation.objects.create(
        partnership=shk, key="start-eval", title="Trafikljus 2026", year=2026, audience="invited", status="open"
    )
    Respondent.objects.create(partnership=shk, evaluation=ev, key="board", person=board)
    Requisition.objects.create(
        partnership=shk,
        organization=Organization.objects.get(name="Eskilstuna kommun"),
        year=2026,
        half=1,
        amount_ore=123_400_000,
        requisition_date=today - timedelta(days=60),
        due_date=today - timedelta(days=30),
    )
    return {"past": past, "upcoming": upcoming, "evaluation": ev}


def test_the_panels_show_what_waits(client_as, waiting):
    html = client_as("processledare").get("/shk/").content.decode()
    mine = panel(html, "assignments")
    # The overdue one first, said to be late; then the one due in 7 days.
    assert mine.index("Skicka rapporten") < mine.index("Ta fram en ny budget")
    assert "skulle vara klart" in mine and "ska vara klart" in mine
    assert "Styrelsemöte i höstas" in mine
    meetings = panel(html, "meetings")
    assert "Styrelsemöte" in meetings and "Västerås" in meetings and "Dagordning och 1 handling" in meetings
    assert f"/shk/styrning/moten/{waiting['upcoming'].pk}/dagordning/" in html
    overdue = panel(html, "requisitions")
    assert "Eskilstuna kommun" in overdue and "1 234 000 kr" in overdue and "2026" in overdue
    assert "2 026" not in overdue

    board = client_as("styrelse").get("/shk/").content.decode()
    assert "Justera protokollet från Styrelsemöte i höstas" in panel(board, "decisions")
    assert f"/shk/styrning/moten/{waiting['past'].pk}/justera/" in board
    assert "Trafikljus 2026" in panel(board, "evaluations")
    assert f"/svara/{waiting['evaluation'].code}/" in board
    assert "requisitions" not in panels_of(board)
    # The Core Team is not called to the board's meeting.
    assert "Inget av dina möten är planerat." in panel(
        client_as("coreteam-barn").get("/shk/").content.decode(), "meetings"
    )


def test_an_answered_or_closed_evaluation_waits_no_more(client_as, waiting):
    Respondent.objects.filter(evaluation=waiting["evaluation"]).update(answered=True)
    assert "Trafikljus 2026" not in client_as("styrelse").get("/shk/").content.decode()


def test_an_owner_is_asked_for_a_status_update_when_it_is_due(client_as, shk):
    html = client_as("initiativagare").get("/shk/").content.decode()
    mine = panel(html, "initiatives")
    assert "Cornerstone Indicators" in mine and "Skriv en lägesrapport" in mine
    assert "Ingen lägesrapport ännu" in mine
    initiative = Initiative.objects.get(partnership=shk, slug="cornerstone-indicators")
    StatusUpdate.objects.create(
        partnership=shk, initiative=initiative, date=timezone.localdate(), colour="green", text="Allt går bra"
    )
    mine = panel(client_as("initiativagare").get("/shk/").content.decode(), "initiatives")
    assert "Senaste lägesrapport" in mine and "Skriv en lägesrapport" not in mine


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/shk/").status_code == 200
    return len(ctx.captured_queries)


def _more(shk, n, start):
    """n more of everything that waits, for the process leader and the board member."""
    today = timezone.localdate()
    leader, board = person(shk, "processledare"), person(shk, "styrelse")
    org = Organization.objects.get(name="Eskilstuna kommun")
    for k in range(start, start + n):
        meeting = _meeting(shk, f"more-{k}", days=k % 40 - 20, status="held" if k % 40 < 20 else "planned")
        meeting.adjusters.add(board)
        item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=1, title="Punkt")
        Assignment.objects.create(partnership=shk, item=item, assignee=leader, text=f"Uppdrag {k}", due=today)
        Attachment.objects.create(partnership=shk, meeting=meeting, number=1, title="Bilaga", url="https://example.se")
        ev = Evaluation.objects.create(partnership=shk, key=f"more-{k}", title=f"U {k}", year=2026, status="open")
        Respondent.objects.create(partnership=shk, evaluation=ev, key="b", person=board)
        Requisition.objects.create(
            partnership=shk,
            organization=org,
            year=2100 + k,
            half=1,
            amount_ore=100,
            requisition_date=today - timedelta(days=60),
            due_date=today - timedelta(days=30),
        )


@pytest.mark.parametrize("username", ["processledare", "ekonomi", "styrelse", "coreteam-barn", "initiativagare"])
def test_the_page_reads_a_fixed_number_of_queries(client_as, shk, username, no_search_index):
    client = client_as(username)
    _more(shk, 2, 0)
    few = _queries(client)
    _more(shk, 30, 2)
    assert _queries(client) == few


def test_panels_where_nothing_waits_read_nothing(client_as, shk, no_search_index):
    # Nothing waits for anyone: the panels are answered by one query of checks and read no rows.
    for model in (Assignment, Meeting, Respondent, Requisition):
        model.objects.filter(partnership=shk).delete()
    ProposalItem.objects.filter(partnership=shk, decision=ProposalItem.Decision.PENDING).delete()
    QuestionAnswer.objects.filter(question__partnership=shk, status=QuestionAnswer.Status.PENDING).delete()
    client = client_as("processledare")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/shk/").content.decode()
    tables = ("governance_assignment", "governance_meeting", "governance_requisition", "followup_respondent")
    checks = [q["sql"] for q in ctx.captured_queries if "EXISTS" in q["sql"]]
    reading = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"] not in checks and any(f'FROM "{t}"' in q["sql"] for t in tables)
    ]
    assert reading == []
    assert len(checks) == 1
    assert "Inga uppdrag väntar på dig." in panel(html, "assignments")
    assert "Inga beslut väntar på dig." in panel(html, "decisions")
    assert "Ingen rekvisition är förfallen." in panel(html, "requisitions")
