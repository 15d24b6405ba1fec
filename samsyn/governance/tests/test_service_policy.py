"""Every write service of governance asks the policy itself: each role × each service.

The views no longer refuse a POST; the services do. A refused call raises PermissionDenied and
writes nothing (not even an audit entry); an allowed one goes through.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from samsyn.archive.extract import Upload
from samsyn.core.models import AuditEntry, Organization, Person
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.governance import services
from samsyn.governance.models import (
    Advice,
    AgendaItem,
    Assignment,
    Attachment,
    CalendarToken,
    Decision,
    GoalActivity,
    LeaderReport,
    LeaderReportGoal,
    Meeting,
    OperationalGoal,
    Requisition,
)
from samsyn.portfolio.models import FocusArea

pytestmark = pytest.mark.django_db
ON = date(2031, 5, 20)
R = Role
STAFF = {R.ADMINISTRATOR, R.PROCESS_LEADER, R.DEPUTY_PROCESS_LEADER}


class Draft:
    """A board meeting with draft minutes, one record of each kind and a draft report; one without a report."""

    def __init__(self, shk):
        self.shk = shk
        self.meeting = Meeting.objects.create(
            partnership=shk, key="policy-test", kind="board", title="Styrelse", date=ON, status="held"
        )
        self.unreported = Meeting.objects.create(
            partnership=shk, key="policy-test-2", kind="board", title="Styrelse", date=ON
        )
        self.item = AgendaItem.objects.create(partnership=shk, meeting=self.meeting, number=1, title="Ekonomi")
        self.decision = Decision.objects.create(partnership=shk, item=self.item, text="Beslut", order=1)
        # A board decision that spending can cite and that the pages below leave alone (they edit,
        # reopen and delete in the meeting above).
        decided = Meeting.objects.create(
            partnership=shk, key="policy-test-3", kind="board", title="Styrelse", date=ON, status="held"
        )
        self.decided_item = AgendaItem.objects.create(partnership=shk, meeting=decided, number=1, title="Pengar")
        Decision.objects.create(partnership=shk, item=self.decided_item, text="Styrelsen beviljar medel.", order=1)
        self.advice = Advice.objects.create(partnership=shk, item=self.item, text="Medskick", order=1)
        self.assignment = Assignment.objects.create(
            partnership=shk, item=self.item, text="Uppdrag", assignee_text="Kansliet", order=1
        )
        self.report = LeaderReport.objects.create(partnership=shk, meeting=self.meeting)
        self.report_goal = LeaderReportGoal.objects.create(
            partnership=shk, report=self.report, number=1, heading="Mål 1"
        )
        self.person = Person.objects.filter(partnership=shk).order_by("pk").first()
        self.organization = Organization.objects.filter(partnership=shk, memberships__isnull=False).first()
        self.requisition = Requisition.objects.create(
            partnership=shk,
            organization=self.organization,
            year=2031,
            half=1,
            amount_ore=100,
            requisition_date=date(2031, 1, 5),
            due_date=date(2031, 2, 4),
        )
        self.goal = OperationalGoal.objects.filter(partnership=shk).order_by("year", "number").first()
        # Two activities under it, so that one can move and one can go.
        self.activity, self.second_activity = (
            GoalActivity.objects.create(partnership=shk, goal=self.goal, order=n, text=f"Aktivitet {n}") for n in (1, 2)
        )
        # The draft meeting's minutes can be approved on its day: held, with attendance, and the
        # person every actor below acts as is a named adjuster.
        # (Someone else attends: the attendance page below adds self.person.)
        present = Person.objects.filter(partnership=shk).exclude(pk=self.person.pk).order_by("pk").first()
        self.meeting.attendances.create(partnership=shk, person=present, role="chair")
        self.meeting.adjusters.add(self.person)
        # One the pages can approve today (it is in the past), by the demo's process leader.
        self.approvable = Meeting.objects.create(
            partnership=shk, key="policy-test-4", kind="board", title="Styrelse", date=date(2025, 3, 1), status="held"
        )
        leader = Person.objects.get(partnership=shk, user__username="processledare")
        self.approvable.attendances.create(partnership=shk, person=leader, role="secretary")
        self.approvable.adjusters.add(leader)


def _meeting_fields(**changes):
    fields = {
        "kind": "board",
        "focus_area": None,
        "title": "Styrelsemöte",
        "date": ON,
        "start_time": None,
        "end_time": None,
        "place": "",
        "status": "planned",
        "opening": "",
        "previous": None,
        "previous_minutes_approved": False,
        "next_meeting_date": None,
        "next_meeting_note": "",
    }
    return {**fields, **changes}


def _second_item(draft):
    """An item after the draft's, which can move up (created here, so it is not audited)."""
    return AgendaItem.objects.create(partnership=draft.shk, meeting=draft.meeting, number=2, title="Övrigt")


def _two_attachments(draft):
    return [
        Attachment.objects.create(partnership=draft.shk, meeting=draft.meeting, number=n, title=f"Bilaga {n}")
        for n in (1, 2)
    ]


m = services.meetings
# service name -> (roles allowed on a board meeting / in the partnership, call(draft, actor))
CASES = {
    "meeting_create": (
        STAFF,
        lambda d, a: m.meeting_create(actor=a, user=None, partnership=d.shk, **_meeting_fields()),
    ),
    "meeting_change": (
        STAFF,
        lambda d, a: m.meeting_change(actor=a, user=None, meeting=d.meeting, **_meeting_fields(title="Nytt")),
    ),
    "attendance_create": (
        STAFF,
        lambda d, a: m.attendance_create(actor=a, user=None, meeting=d.meeting, person=d.person),
    ),
    "agenda_item_create": (
        STAFF,
        lambda d, a: m.agenda_item_create(actor=a, user=None, meeting=d.meeting, title="Övrigt"),
    ),
    "agenda_item_change": (
        STAFF,
        lambda d, a: m.agenda_item_change(actor=a, user=None, item=d.item, title="Budget", kind="regular"),
    ),
    "agenda_item_move": (
        STAFF,
        lambda d, a: m.agenda_item_move(actor=a, user=None, item=_second_item(d), direction="up"),
    ),
    "decision_create": (STAFF, lambda d, a: m.decision_create(actor=a, user=None, item=d.item, text="Nytt beslut")),
    "decision_delete": (STAFF, lambda d, a: m.decision_delete(actor=a, user=None, decision=d.decision)),
    "advice_create": (STAFF, lambda d, a: m.advice_create(actor=a, user=None, item=d.item, text="Nytt medskick")),
    "advice_delete": (STAFF, lambda d, a: m.advice_delete(actor=a, user=None, advice=d.advice)),
    "assignment_create": (
        STAFF,
        lambda d, a: m.assignment_create(actor=a, user=None, item=d.item, text="Nytt", assignee_text="Kansliet"),
    ),
    "assignment_delete": (STAFF, lambda d, a: m.assignment_delete(actor=a, user=None, assignment=d.assignment)),
    "attachment_create": (
        STAFF,
        lambda d, a: m.attachment_create(actor=a, user=None, meeting=d.meeting, title="Bilaga"),
    ),
    "attachment_upload": (
        # Filing the file in the archive rests on the same rule: no other rule is asked.
        STAFF,
        lambda d, a: m.attachment_upload(
            actor=a, user=None, meeting=d.meeting, upload=Upload.check("bilaga.txt", b"Bilaga"), title="Bilaga"
        ),
    ),
    "attachment_move": (
        STAFF,
        lambda d, a: m.attachment_move(actor=a, user=None, attachment=_two_attachments(d)[1], direction="up"),
    ),
    "minutes_approve": (
        # A named adjuster approves whatever their role; a reader only reads.
        set(Role) - {R.READER},
        lambda d, a: m.minutes_approve(
            actor=a, user=None, meeting=d.meeting, rendered_html="<p>Protokoll</p>", confirmed=True, on=ON
        ),
    ),
    "assignment_follow_up": (
        STAFF,
        lambda d, a: m.assignment_follow_up(actor=a, user=None, assignment=d.assignment, status="done"),
    ),
    "spending_decide": (
        STAFF | {R.PROJECT_LEADER},
        # On a board meeting's item any amount rests on the board: only the policy can refuse.
        lambda d, a: services.spending.spending_decide(
            actor=a, user=None, partnership=d.shk, amount_ore=100, on=ON, purpose="Test", board_item=d.item
        ),
    ),
    "requisition_create": (
        {R.ADMINISTRATOR, R.ECONOMY_CONTROLLER, R.PROCESS_LEADER},
        lambda d, a: services.requisitions.requisition_create(
            actor=a,
            user=None,
            partnership=d.shk,
            organization=d.organization,
            year=2031,
            half=2,
            requisition_date=date(2031, 7, 1),
            amount_ore=100,
        ),
    ),
    "requisition_change": (
        {R.ADMINISTRATOR, R.ECONOMY_CONTROLLER, R.PROCESS_LEADER},
        lambda d, a: services.requisitions.requisition_change(
            actor=a,
            user=None,
            requisition=d.requisition,
            organization=d.organization,
            year=2031,
            half=1,
            requisition_date=date(2031, 1, 5),
            amount_ore=200,
            paid_on=ON,
        ),
    ),
    "goal_status_create": (
        STAFF,
        lambda d, a: services.goals.goal_status_create(
            actor=a, user=None, goal=d.goal, colour="green", text="Bra", on=ON
        ),
    ),
    "report_draft": (
        {R.ADMINISTRATOR, R.PROCESS_LEADER},
        lambda d, a: services.reports.report_draft(
            actor=a, user=None, meeting=d.unreported, draft={"since": None, "introduction": "", "goals": []}
        ),
    ),
    "report_change": (
        {R.ADMINISTRATOR, R.PROCESS_LEADER},
        lambda d, a: services.reports.report_change(actor=a, user=None, report=d.report, introduction="Inledning"),
    ),
    "report_goal_change": (
        {R.ADMINISTRATOR, R.PROCESS_LEADER},
        lambda d, a: services.reports.report_goal_change(
            actor=a, user=None, report_goal=d.report_goal, colour="green", bullets="Bra"
        ),
    ),
    "report_send": (
        {R.ADMINISTRATOR, R.PROCESS_LEADER},
        lambda d, a: services.reports.report_send(actor=a, user=None, report=d.report, rendered_html="<p>Rapport</p>"),
    ),
    # The year's business plan: the process support office writes it.
    "plan_save": (
        STAFF,
        lambda d, a: services.plans.plan_save(actor=a, user=None, partnership=d.shk, year=2031, introduction="Text"),
    ),
    "plan_start": (
        STAFF,
        # The demo's 2026 has a plan with goals; 2027 has none yet.
        lambda d, a: services.plans.plan_start(actor=a, user=None, partnership=d.shk, year=2027),
    ),
    "goal_create": (
        STAFF,
        lambda d, a: services.plans.goal_create(
            actor=a, user=None, partnership=d.shk, year=2031, title="Nytt", text="Ett nytt mål"
        ),
    ),
    "goal_change": (
        STAFF,
        lambda d, a: services.plans.goal_change(actor=a, user=None, goal=d.goal, title="Ändrat", text="Målet"),
    ),
    "goal_delete": (STAFF, lambda d, a: services.plans.goal_delete(actor=a, user=None, goal=d.goal)),
    "goal_move": (STAFF, lambda d, a: services.plans.goal_move(actor=a, user=None, goal=d.goal, direction="down")),
    "activity_create": (
        STAFF,
        lambda d, a: services.plans.activity_create(actor=a, user=None, goal=d.goal, text="Ny aktivitet"),
    ),
    "activity_change": (
        STAFF,
        lambda d, a: services.plans.activity_change(actor=a, user=None, activity=d.activity, text="Ändrad"),
    ),
    "activity_delete": (
        STAFF,
        lambda d, a: services.plans.activity_delete(actor=a, user=None, activity=d.activity),
    ),
    "activity_move": (
        STAFF,
        lambda d, a: services.plans.activity_move(actor=a, user=None, activity=d.second_activity, direction="up"),
    ),
    "calendar_token_renew": (
        set(Role) - {R.READER},
        lambda d, a: services.calendar_tokens.calendar_token_renew(actor=a, user=None, person=d.person),
    ),
}


def actor_as(draft, role, focus_area_id=None):
    return Actor(partnership_id=draft.shk.pk, person_id=draft.person.pk, grants=frozenset({Grant(role, focus_area_id)}))


@pytest.mark.parametrize("service", sorted(CASES))
@pytest.mark.parametrize("role", list(Role))
def test_service_asks_the_policy(shk, service, role):
    allowed, call = CASES[service]
    draft = Draft(shk)
    # A Core Team member's right reaches their own focus area only; a board meeting is not in it.
    area = FocusArea.objects.filter(partnership=shk).first().pk if role == R.CORE_TEAM_MEMBER else None
    actor = actor_as(draft, role, area)
    audited = AuditEntry.objects.count()
    if role in allowed:
        call(draft, actor)
        assert AuditEntry.objects.count() > audited
    else:
        with pytest.raises(PermissionDenied):
            call(draft, actor)
        assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("service", sorted(CASES))
def test_no_actor_is_refused(shk, service):
    """Without an actor (no login, or none in this partnership) no service writes."""
    __, call = CASES[service]
    draft = Draft(shk)
    with pytest.raises(PermissionDenied):
        call(draft, None)


def test_an_actor_of_another_partnership_is_refused(shk):
    draft = Draft(shk)
    stranger = Actor(partnership_id=shk.pk + 1000, person_id=None, grants=frozenset({Grant(R.ADMINISTRATOR)}))
    for __, call in CASES.values():
        with pytest.raises(PermissionDenied):
            call(draft, stranger)


def test_core_team_member_plans_and_moves_only_their_own_areas_meetings(shk):
    draft = Draft(shk)
    own, other = FocusArea.objects.filter(partnership=shk).order_by("pk")[:2]
    member = actor_as(draft, R.CORE_TEAM_MEMBER, own.pk)
    core_team = {"kind": "core_team", "title": "Core Team"}
    with pytest.raises(PermissionDenied):
        m.meeting_create(actor=member, user=None, partnership=shk, **_meeting_fields(**core_team, focus_area=other))
    meeting = m.meeting_create(actor=member, user=None, partnership=shk, **_meeting_fields(**core_team, focus_area=own))
    assert meeting.focus_area == own and meeting.items.count() == 2
    with pytest.raises(PermissionDenied):
        m.meeting_change(actor=member, user=None, meeting=meeting, **_meeting_fields(**core_team, focus_area=other))
    meeting.refresh_from_db()
    assert meeting.focus_area == own
    m.decision_create(actor=member, user=None, item=meeting.items.first(), text="Inom området")
    with pytest.raises(PermissionDenied):
        m.decision_create(actor=member, user=None, item=draft.item, text="Styrelsens punkt")


def test_a_calendar_link_is_made_and_renewed_only_by_its_holder(shk):
    draft = Draft(shk)
    someone_else = Person.objects.filter(partnership=shk).exclude(pk=draft.person.pk).first()
    admin = actor_as(draft, R.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.calendar_tokens.calendar_token_renew(actor=admin, user=None, person=someone_else)
    with pytest.raises(PermissionDenied):
        services.calendar_tokens.calendar_token_ensure(actor=admin, user=None, person=someone_else)
    assert not CalendarToken.objects.filter(person=someone_else).exists()
    # A reader renews nothing but still gets a link made for them.
    reader = actor_as(draft, R.READER)
    token = services.calendar_tokens.calendar_token_ensure(actor=reader, user=None, person=draft.person)
    assert services.calendar_tokens.calendar_token_ensure(actor=reader, user=None, person=draft.person) == token


def _write_pages(d):
    """(url name, url args, valid POST data) of every governance page that writes."""
    meeting, item = d.meeting.pk, d.item.pk
    new_meeting = {"kind": "board", "title": "Styrelsemöte", "date": "2031-06-01", "status": "planned"}
    return [
        ("meeting_new", [], new_meeting),
        ("meeting_edit", [meeting], new_meeting),
        ("attendance_new", [meeting], {"person": d.person.pk, "role": "member", "present": "on"}),
        ("item_new", [meeting], {"kind": "regular", "title": "Övrigt"}),
        # The new item went last, after the draft's: moving the draft's down swaps the two.
        ("item_move", [meeting, item], {"direction": "down"}),
        ("item_edit", [meeting, item], {"kind": "regular", "title": "Budget"}),
        ("decision_new", [meeting, item], {"text": "Beslut"}),
        ("advice_new", [meeting, item], {"text": "Medskick"}),
        ("assignment_new", [meeting, item], {"assignee_text": "Kansliet", "text": "Uppdrag", "status": "open"}),
        ("record_delete", [meeting, item, "beslut", d.decision.pk], {}),
        ("attachment_new", [meeting], {"title": "Bilaga"}),
        ("minutes_approve", [d.approvable.pk], {"confirm": "yes"}),
        ("report_draft", [d.unreported.pk], {}),
        ("report_edit", [meeting], {"introduction": "Inledning"}),
        ("report_goal_edit", [meeting, d.report_goal.pk], {"colour": "green", "bullets": "Bra"}),
        ("report_send", [meeting], {}),
        ("assignment_edit", [d.assignment.pk], {"status": "done", "note": ""}),
        ("spending", [], {"date": "2031-05-20", "amount": "1", "purpose": "Test", "board_item": d.decided_item.pk}),
        (
            "requisition_new",
            [],
            {
                "organization": d.organization.pk,
                "year": 2031,
                "half": 2,
                "requisition_date": "2031-07-01",
                "amount": "100",
            },
        ),
        (
            "requisition_edit",
            [d.requisition.pk],
            {
                "organization": d.organization.pk,
                "year": 2031,
                "half": 1,
                "requisition_date": "2031-01-05",
                "amount": "200",
            },
        ),
        ("goal_status_new", [d.goal.pk], {"date": "2031-05-20", "colour": "green", "text": "Bra"}),
        ("plan_edit", [2031], {"introduction": "Inledning"}),
        ("plan_start", [2027], {}),
        ("goal_new", [2031], {"title": "Nytt", "text": "Ett nytt mål"}),
        ("goal_edit", [d.goal.pk], {"title": "Ändrat", "text": "Målet"}),
        ("goal_move", [d.goal.pk], {"direction": "down"}),
        ("activity_new", [d.goal.pk], {"text": "Ny aktivitet"}),
        ("activity_edit", [d.goal.pk, d.activity.pk], {"text": "Ändrad"}),
        ("activity_move", [d.goal.pk, d.second_activity.pk], {"direction": "up"}),
        ("activity_delete", [d.goal.pk, d.activity.pk], {}),
        ("goal_delete", [d.goal.pk], {}),
    ]


def test_a_board_member_posting_to_any_write_page_is_refused_by_the_service(shk, client_as):
    """The views let a POST through to the service, which refuses: 403, and nothing is written."""
    from django.urls import reverse

    d = Draft(shk)
    client = client_as("styrelse")
    # Each refusal is recorded (access.deny); no change is.
    changes = AuditEntry.objects.exclude(action="access.deny")
    audited = changes.count()
    for name, args, data in _write_pages(d):
        r = client.post(reverse(f"governance:{name}", args=["shk", *args]), data)
        assert r.status_code == 403, (name, r.status_code)
    assert changes.count() == audited
    assert AuditEntry.objects.filter(action="access.deny").count() == len(_write_pages(d))
    assert Decision.objects.filter(pk=d.decision.pk).exists()
    # A reader reads their meetings but renews no calendar link.
    assert client_as("lasare").post(reverse("governance:calendar", args=["shk"])).status_code == 403


def test_the_process_leader_posting_the_same_data_is_let_through(shk, client_as):
    """The counterpart of the test above: the same POSTs are valid, so its 403s are the policy's."""
    from django.urls import reverse

    d = Draft(shk)
    client = client_as("processledare")
    audited = AuditEntry.objects.count()
    for name, args, data in _write_pages(d):
        r = client.post(reverse(f"governance:{name}", args=["shk", *args]), data)
        assert r.status_code == 302, (name, r.status_code)
    assert AuditEntry.objects.count() >= audited + len(_write_pages(d))
