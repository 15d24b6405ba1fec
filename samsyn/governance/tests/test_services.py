"""Spending decisions, frozen minutes and reports, requisitions, fees, the calendar feed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from samsyn.archive.models import Document
from samsyn.core.agreement import membership_fees
from samsyn.core.models import Agreement, AuditEntry, Membership, Organization, Person
from samsyn.core.policy import Actor, Grant
from samsyn.core.reports import report_kinds
from samsyn.core.selectors import fee_table
from samsyn.economy.rules.appendix import leverage_against_target
from samsyn.governance import services
from samsyn.governance.forms import AttachmentForm
from samsyn.governance.models import (
    AgendaItem,
    Assignment,
    Attachment,
    CalendarToken,
    LeaderReport,
    Meeting,
    Requisition,
    SpendingDecision,
)
from samsyn.governance.selectors import attachment_link
from samsyn.portfolio.models import FocusArea, ProposalItem

pytestmark = pytest.mark.django_db
ON = date(2024, 10, 1)


def actor(shk, *roles):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset(Grant(r) for r in roles))


def board_item(shk):
    return AgendaItem.objects.get(meeting__partnership=shk, meeting__key="styrelse-2024-09-19", number=2)


@pytest.mark.parametrize(
    "roles, kronor, ok, authority",
    [
        (("project_leader",), 50_000, True, "project_leader"),
        (("deputy_process_leader",), 50_000, True, "project_leader"),
        (("project_leader",), 50_001, False, None),
        (("process_leader",), 50_001, True, "process_leader"),
        (("process_leader",), 200_000, True, "process_leader"),
        (("process_leader",), 200_001, False, None),
        (("administrator",), 1, False, None),
    ],
)
def test_spending_authority_edges(shk, roles, kronor, ok, authority):
    def call():
        return services.spending.spending_decide(
            partnership=shk, actor=actor(shk, *roles), user=None, amount_ore=kronor * 100, on=ON, purpose="Test"
        )

    if ok:
        d = call()
        assert d.authority == authority
        assert AuditEntry.objects.filter(object_type="governance.spendingdecision", object_id=str(d.pk)).exists()
    else:
        with pytest.raises(ValidationError) as e:
            call()
        assert e.value.code == "no_authority"
        assert SpendingDecision.objects.filter(partnership=shk, purpose="Test").count() == 0


def test_refusal_names_who_may_decide(shk):
    from django.utils.translation import override

    with override("en"), pytest.raises(ValidationError) as e:
        services.spending.spending_decide(
            partnership=shk, actor=actor(shk, "process_leader"), user=None, amount_ore=20_000_001, on=ON, purpose="x"
        )
    assert "can only be made by the board" in e.value.messages[0]
    with override("en"), pytest.raises(ValidationError) as e:
        services.spending.spending_decide(
            partnership=shk, actor=actor(shk, "project_leader"), user=None, amount_ore=5_000_001, on=ON, purpose="x"
        )
    assert "the process leader or the board" in e.value.messages[0]


def test_refusal_in_swedish_puts_only_before_the_verb(shk):
    # Plain Swedish word order: "kan bara fattas av styrelsen", not "kan fattas av endast styrelsen".
    with translation.override("sv"), pytest.raises(ValidationError) as e:
        services.spending.spending_decide(
            partnership=shk, actor=actor(shk, "process_leader"), user=None, amount_ore=20_000_001, on=ON, purpose="x"
        )
    assert "Ett utgiftsbeslut på 200 000,01 kr kan bara fattas av styrelsen" in e.value.messages[0].replace("\xa0", " ")


def test_a_board_decision_rests_on_a_board_meeting_item(shk):
    # Far above a project leader's limit: the board's item is the authority, whoever records it.
    d = services.spending.spending_decide(
        partnership=shk,
        actor=actor(shk, "project_leader"),
        user=None,
        amount_ore=120_000_000,
        on=ON,
        purpose="FIC",
        board_item=board_item(shk),
    )
    assert d.authority == "board" and d.board_item.meeting.kind == "board"
    ft = Meeting.objects.create(
        partnership=shk,
        key="ct",
        kind="core_team",
        title="CT",
        date=ON,
        focus_area=__import__("samsyn.portfolio.models", fromlist=["FocusArea"])
        .FocusArea.objects.filter(partnership=shk)
        .first(),
    )
    item = AgendaItem.objects.create(partnership=shk, meeting=ft, number=1, title="x")
    with pytest.raises(ValidationError):
        services.spending.spending_decide(
            partnership=shk,
            actor=actor(shk, "process_leader"),
            user=None,
            amount_ore=30_000_000,
            on=ON,
            purpose="x",
            board_item=item,
        )


def test_limits_are_the_agreements_data(shk):
    Agreement.objects.filter(partnership=shk).update(limit_project_leader_ore=10_000_000)
    d = services.spending.spending_decide(
        partnership=shk, actor=actor(shk, "project_leader"), user=None, amount_ore=7_500_000, on=ON, purpose="x"
    )
    assert d.authority == "project_leader"


def test_proposal_item_budget_goes_through_the_check(shk):
    item = ProposalItem.objects.filter(partnership=shk, budget_ore__gt=5_000_000).select_related("proposal").first()
    assert item is not None
    with pytest.raises(ValidationError):
        services.spending.proposal_item_spending_record(item=item, actor=actor(shk, "project_leader"), user=None, on=ON)
    d = services.spending.proposal_item_spending_record(
        item=item, actor=actor(shk, "reader"), user=None, on=ON, board_item=board_item(shk)
    )
    assert d.proposal_item == item and d.amount_ore == item.budget_ore


def test_approved_minutes_are_frozen(shk, client_as):
    meeting = Meeting.objects.create(
        partnership=shk, key="test-draft", kind="board", title="Styrelsemöte", date=date(2025, 1, 10), status="held"
    )
    leader = Person.objects.get(partnership=shk, user__username="processledare")
    meeting.adjusters.add(leader)
    meeting.attendances.create(partnership=shk, person=leader, role="secretary")
    item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=1, title="Ekonomi")
    client = client_as("processledare")
    url = reverse("governance:meeting", args=["shk", meeting.pk])
    r = client.post(
        reverse("governance:decision_new", args=["shk", meeting.pk, item.pk]), {"text": "Budgeten godkänns."}
    )
    assert r.status_code == 302
    extra = item.decisions.create(partnership=shk, text="Felskrivet beslut", order=9)
    assert (
        client.post(
            reverse("governance:record_delete", args=["shk", meeting.pk, item.pk, "beslut", extra.pk])
        ).status_code
        == 302
    )
    assert not item.decisions.filter(pk=extra.pk).exists()
    client.post(reverse("governance:minutes_approve", args=["shk", meeting.pk]), {"confirm": "yes"})
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved" and "Budgeten godkänns." in meeting.approved_minutes_html
    frozen = meeting.approved_minutes_html
    # No edit page, and the service refuses too.
    assert client.get(reverse("governance:decision_new", args=["shk", meeting.pk, item.pk])).status_code == 404
    assert client.get(reverse("governance:meeting_edit", args=["shk", meeting.pk])).status_code == 302
    kept = item.decisions.first()
    assert (
        client.post(
            reverse("governance:record_delete", args=["shk", meeting.pk, item.pk, "beslut", kept.pk])
        ).status_code
        == 404
    )
    with pytest.raises(ValidationError) as refused:
        services.meetings.decision_create(
            actor=actor(shk, "process_leader"), user=None, item=item, text="Efter justeringen"
        )
    assert refused.value.code == "frozen" and not item.decisions.filter(text="Efter justeringen").exists()
    # Even a change behind its back does not alter the approved text.
    item.decisions.update(text="Ändrat i efterhand")
    assert "Ändrat i efterhand" not in client.get(url).content.decode()
    meeting.refresh_from_db()
    assert meeting.approved_minutes_html == frozen


def test_only_a_named_adjuster_approves(shk, client_as):
    meeting = Meeting.objects.create(
        partnership=shk, key="test-approve", kind="board", title="Styrelsemöte", date=date(2025, 2, 1), status="held"
    )
    meeting.adjusters.add(Person.objects.get(partnership=shk, user__username="processledare"))
    assert (
        client_as("styrelse").post(reverse("governance:minutes_approve", args=["shk", meeting.pk])).status_code == 403
    )
    assert client_as("lasare").post(reverse("governance:minutes_approve", args=["shk", meeting.pk])).status_code == 403


def test_core_team_member_plans_only_their_own_meetings(shk, client_as):
    own = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    other = FocusArea.objects.get(partnership=shk, slug="aldre")
    client = client_as("coreteam-barn")
    data = {"kind": "core_team", "title": "Core Team", "date": "2030-03-01", "status": "planned"}
    r = client.post(reverse("governance:meeting_new", args=["shk"]), {**data, "focus_area": other.pk})
    assert (
        r.status_code == 200
        and not Meeting.objects.filter(partnership=shk, focus_area=other, date=date(2030, 3, 1)).exists()
    )
    r = client.post(reverse("governance:meeting_new", args=["shk"]), {**data, "focus_area": own.pk})
    assert (
        r.status_code == 302 and Meeting.objects.filter(partnership=shk, focus_area=own, date=date(2030, 3, 1)).exists()
    )


def test_assignment_follow_up_takes_it_off_the_next_agenda(shk, client_as):
    a = Assignment.objects.get(partnership=shk, text__startswith="Hemläxa")
    later = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    client = client_as("processledare")
    agenda = reverse("governance:agenda", args=["shk", later.pk])
    assert "Hemläxa" in client.get(agenda).content.decode()
    client.post(reverse("governance:assignment_edit", args=["shk", a.pk]), {"status": "done", "note": "Klart"})
    a.refresh_from_db()
    assert a.status == "done" and a.done_on is not None
    assert "Hemläxa" not in client.get(agenda).content.decode()


@pytest.mark.parametrize(
    "year, half, requisitioned, due",
    [
        (2025, 1, date(2024, 12, 15), date(2025, 1, 31)),  # December for the next year: never before 31 January
        (2025, 1, date(2025, 1, 10), date(2025, 2, 9)),
        (2025, 2, date(2025, 7, 1), date(2025, 7, 31)),
        (2025, 2, date(2025, 7, 2), date(2025, 8, 1)),
    ],
)
def test_requisition_due_dates(shk, client_as, year, half, requisitioned, due):
    org = Organization.objects.create(
        partnership=shk, key=f"ny-{year}-{half}-{requisitioned:%m%d}", name="Ny kommun", kind="municipality"
    )

    Membership.objects.create(partnership=shk, organization=org, start=date(2022, 1, 1))
    r = client_as("ekonomi").post(
        reverse("governance:requisition_new", args=["shk"]),
        {
            "organization": org.pk,
            "year": year,
            "half": half,
            "requisition_date": requisitioned.isoformat(),
            "amount": "2 500 000",
        },
    )
    assert r.status_code == 302, r.content.decode()[-2000:]
    req = Requisition.objects.get(organization=org)
    assert req.due_date == due and req.amount_ore == 250_000_000


def test_requisition_list_shows_what_is_overdue(shk, client_as):
    html = client_as("ekonomi").get(reverse("governance:requisitions", args=["shk"])).content.decode()
    overdue = html.split('id="overdue-h"')[1].split("<h2")[0]
    assert "Västerås stad 2025" in overdue and "Eskilstuna" not in overdue


def test_requisition_form_names_the_bad_field(shk, client_as):
    org = Organization.objects.get(partnership=shk, key="vasteras")
    r = client_as("ekonomi").post(
        reverse("governance:requisition_new", args=["shk"]),
        {"organization": org.pk, "year": 2024, "half": 1, "requisition_date": "2024-01-05", "amount": "tusen"},
    )
    assert r.status_code == 200
    assert r.context["form"].errors.keys() >= {"amount", "half"}


@pytest.mark.parametrize(
    "populations, candidate_fee, total_after",
    [
        # 5 + 5 + 5 = exactly 15 000 000: no reduction.
        ((150_000, 120_000, 100_001), "5000000", "15000000"),
        # 5 + 5 + 3.75 = 13.75 MSEK: under the cap.
        ((150_000, 120_000, 80_000), "3750000", "13750000"),
        # 5 + 5 + 5 + 1.25 = 16.25 MSEK: reduced by 15/16.25 but never below the floors.
        ((150_000, 120_000, 110_000), "5000000", "15000000"),
    ],
)
def test_fee_calculator(shk, client_as, populations, candidate_fee, total_after):
    from decimal import Decimal

    client = client_as("ekonomi")
    page = client.get(reverse("governance:fees", args=["shk"]))
    form = page.context["form"]
    munis = form.municipalities
    query = {"candidate": "Kandidat", "population": populations[-1]}
    for org, pop in zip(munis, populations[:-1], strict=False):
        query[f"pop_{org.pk}"] = pop
    r = client.get(reverse("governance:fees", args=["shk"]), query)
    result = r.context["result"]
    assert result["fee"] == Decimal(candidate_fee)
    assert result["total_after"] == Decimal(total_after)


def test_fee_calculator_reduces_above_the_cap(shk, client_as):
    from decimal import Decimal

    client = client_as("ekonomi")
    munis = client.get(reverse("governance:fees", args=["shk"])).context["form"].municipalities
    query = {"candidate": "Kandidat", "population": 30_000, **{f"pop_{o.pk}": 200_000 for o in munis}}
    result = client.get(reverse("governance:fees", args=["shk"]), query).context["result"]
    # 5 + 5 + 1.25 = 11.25: under the cap; add a third big one through the rule directly instead.
    assert result["total_after"] == Decimal("11250000")

    fees = membership_fees({"a": 200_000, "b": 200_000, "c": 200_000, "d": 30_000})
    # 5 + 5 + 5 + 1.25 = 16.25 million, over the 15 million cap: each fee scaled by 15 / 16.25,
    # which leaves every one above its band's floor; rounded so that they sum to the cap exactly.
    assert fees == {
        "a": Decimal("4615384.62"),
        "b": Decimal("4615384.62"),
        "c": Decimal("4615384.61"),
        "d": Decimal("1153846.15"),
    }
    assert sum(fees.values()) == Decimal("15000000")


def test_fee_page_states_how_band_edges_and_rounding_are_read(shk, client_as):
    client = client_as("ekonomi")
    page = client.get(reverse("governance:fees", args=["shk"])).content.decode().replace("\u00a0", " ")
    assert "<td>75 000–100 000</td>" in page
    assert "<td>50 000–74 999</td>" in page
    assert "<td>100 001 eller fler</td>" in page
    assert "båda talen inräknade" in page
    assert "tillsammans blir exakt 15 000 000 kronor" in page


def test_fee_page_says_when_floors_lift_the_total_above_the_cap(shk, client_as):
    from decimal import Decimal

    agreement = fee_table(shk).agreement
    agreement.municipal_fees_cap_ore = 10_000_000_00  # 3 × 5 000 000 reduced by 2/3 is below every floor
    agreement.save(update_fields=["municipal_fees_cap_ore"])
    client = client_as("ekonomi")
    munis = client.get(reverse("governance:fees", args=["shk"])).context["form"].municipalities
    query = {"candidate": "Kandidat", "population": 150_000, **{f"pop_{o.pk}": 150_000 for o in munis}}
    r = client.get(reverse("governance:fees", args=["shk"]), query)
    assert r.context["result"]["total_after"] == Decimal(4_000_000) * (len(munis) + 1)
    assert r.context["result"]["floors_lift"] is True
    assert "minst en avgift är på sitt intervalls lägsta avgift" in r.content.decode().lower()


def test_report_draft_edit_and_send(shk, client_as):
    meeting = Meeting.objects.create(
        partnership=shk, key="test-report", kind="board", title="Styrelsemöte", date=date(2025, 11, 20)
    )
    client = client_as("processledare")
    url = reverse("governance:report", args=["shk", meeting.pk])
    client.post(reverse("governance:report_draft", args=["shk", meeting.pk]))
    report = LeaderReport.objects.get(meeting=meeting)
    goals = list(report.goals.order_by("number"))
    assert [g.number for g in goals] == [1, 2, 3, 4, 5]
    # The draft carries the open assignments under goal 2, each with whom it is given to (in no
    # fixed order: PostgreSQL and SQLite return them differently).
    assert sorted(line for line in goals[1].bullets.splitlines() if line.startswith("Uppdrag till ")) == [
        "Uppdrag till Emma Mossberg: Justera formuleringarna under de fyra kommunikationsmålen och återkom till"
        " styrelsen.",
        "Uppdrag till Karin Axelsson: Göra en uppföljnings- och utvärderingsplan för 2024 och 2025.",
        "Uppdrag till Styrelsen: Hemläxa till januari: fundera kring arenor att synas på (Almedalen,"
        " Kvalitetsmässans stora scen, SHK bjuder in till konferens, SKR:s webbsändning).",
    ]
    r = client.post(
        reverse("governance:report_goal_edit", args=["shk", meeting.pk, goals[0].pk]),
        {"colour": "green", "bullets": "Allt går bra\nFler initiativ"},
    )
    assert r.status_code == 302
    assert (
        client.post(
            reverse("governance:report_edit", args=["shk", meeting.pk]), {"introduction": "Inledning här"}
        ).status_code
        == 302
    )
    assert client_as("styrelse").get(reverse("governance:report_edit", args=["shk", meeting.pk])).status_code == 403
    client.post(reverse("governance:report_send", args=["shk", meeting.pk]))
    report.refresh_from_db()
    assert report.status == "sent" and "Allt går bra" in report.sent_html and "Inledning här" in report.sent_html
    r = client.post(
        reverse("governance:report_goal_edit", args=["shk", meeting.pk, goals[0].pk]),
        {"colour": "red", "bullets": "Ändrat"},
    )
    goals[0].refresh_from_db()
    assert goals[0].colour == "green"
    assert "Allt går bra" in client.get(url).content.decode()


def test_goal_five_shows_leverage_from_the_economy(shk, monkeypatch):
    from samsyn.governance.reports import leader as lr

    monkeypatch.setattr(
        lr, "leverage_status", lambda partnership, year: leverage_against_target(year, 3_000_000, 121_400_000, None)
    )
    meeting = Meeting.objects.create(
        partnership=shk, key="test-lev", kind="board", title="Styrelsemöte", date=date(2025, 9, 1)
    )
    draft = lr.draft(meeting)
    five = next(g for g in draft["goals"] if g["number"] == 5)
    assert five["figures"]["leverage_target_ore"] == 1_000_000_000
    assert any("30 000" in b.replace("\xa0", " ").replace("\u202f", " ") for b in five["bullets"])


def test_calendar_feed(shk, client_as, client):
    person = Person.objects.get(partnership=shk, key="per-inge-hellman")
    c = client_as("styrelse")
    c.get(reverse("governance:calendar", args=["shk"]))
    first = CalendarToken.objects.get(person=person).token
    c.post(reverse("governance:calendar", args=["shk"]))
    token = CalendarToken.objects.get(person=person)
    assert token.token != first and client.get(reverse("governance_public:feed", args=[first])).status_code == 404
    r = client.get(reverse("governance_public:feed", args=[token.token]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    body = r.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    # The seeds' three meetings and the demo's illustrative 2026 board meetings and joint meeting.
    assert body.count("BEGIN:VEVENT") == 6
    assert "DTSTART:20231130T080000Z" in body  # 09:00 in Stockholm
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert client.get(reverse("governance_public:feed", args=["not-a-token"])).status_code == 404


def test_a_title_with_line_breaks_cannot_add_lines_to_the_calendar(shk, client_as, client):
    person = Person.objects.get(partnership=shk, key="per-inge-hellman")
    meeting = Meeting.objects.filter(partnership=shk, kind=Meeting.Kind.BOARD).first()
    meeting.title = "Styrelsemöte\rX-INJECTED:1\r\nATTENDEE:mailto:a@example.org\nSista, raden; här"
    meeting.place = "Rum 1\rLOCATION:Någon annanstans"
    meeting.save()
    client_as("styrelse").get(reverse("governance:calendar", args=["shk"]))
    body = client.get(reverse("governance_public:feed", args=[CalendarToken.objects.get(person=person).token]))
    text = body.content.decode()
    lines = text.split("\r\n")
    assert "\r" not in "".join(lines) and "\n" not in "".join(lines)
    assert not [line for line in lines if line.startswith(("X-INJECTED", "ATTENDEE", "LOCATION:Någon"))]
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Styrelsemöte\\nX-INJECTED:1\\nATTENDEE:mailto:a@example.org\\nSista\\, raden\\; här" in unfolded


def test_report_overdue_command(shk):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("report", "overdue", "--partnership", "shk", "--on", "2025-12-01", stdout=out)
    text = out.getvalue()
    assert "Västerås stad\t2025:2" in text and "Eskilstuna" not in text
    assert "Hemläxa" in text


def test_attachment_links_only_for_those_who_may_open_them(shk, client_as):
    m = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    url = reverse("governance:meeting", args=["shk", m.pk])
    assert "/ekonomi/bilaga/?per=2024-08-31" in client_as("ekonomi").get(url).content.decode()
    assert "/ekonomi/bilaga/?per=2024-08-31" not in client_as("initiativagare").get(url).content.decode()


def test_goal_five_reads_the_economy_apps_leverage(shk):
    from samsyn.governance.reports import leader as lr

    m = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    five = next(g for g in lr.draft(m)["goals"] if g["number"] == 5)
    assert five["figures"].get("leverage_target_ore", 0) > 0, five


def test_spending_page_records_a_proposal_items_budget_and_refuses_without_authority(shk, client_as):
    item = ProposalItem.objects.filter(partnership=shk, budget_ore__gt=20_000_000).first()
    client = client_as("processledare")
    url = reverse("governance:spending", args=["shk"])
    r = client.post(url, {"date": "2024-10-01", "proposal_item": item.pk})
    assert r.status_code == 200
    assert "styrelsen" in " ".join(r.context["form"].errors["amount"])
    r = client.post(url, {"date": "2024-10-01", "proposal_item": item.pk, "board_item": board_item(shk).pk})
    assert r.status_code == 302
    d = SpendingDecision.objects.get(partnership=shk, proposal_item=item)
    assert d.amount_ore == item.budget_ore and d.authority == "board"
    # Its budget is decided once: the item is no longer offered.
    r = client.post(url, {"date": "2024-10-02", "proposal_item": item.pk, "board_item": board_item(shk).pk})
    assert r.status_code == 200 and "proposal_item" in r.context["form"].errors
    assert SpendingDecision.objects.filter(partnership=shk, proposal_item=item).count() == 1
    r = client.post(url, {"date": "2024-10-01", "amount": "200 000", "purpose": "Konsult"})
    assert (
        r.status_code == 302
        and SpendingDecision.objects.get(partnership=shk, purpose="Konsult").authority == "process_leader"
    )


def test_attachment_form_offers_the_report_registrys_kinds_and_asks_a_date_where_the_kind_takes_one(shk):
    m = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    with translation.override("sv"):
        form = AttachmentForm(meeting=m)
        offered = dict(form.fields["report_kind"].choices)
        assert {key for key in offered if key} == {k.attachment for k in report_kinds() if k.attachment}
        assert offered["economy:appendix"] == "Ekonomibilaga"
        assert offered["governance:leader_report"] == "Processledarrapport"
        data = {"title": "Bilaga", "report_kind": "economy:appendix"}
        form = AttachmentForm(data, meeting=m)
        assert not form.is_valid()
        assert form.errors["report_date"] == ["Ange vilket datum rapporten avser."]
        # The process leader's report is the meeting's own: no date asked.
        form = AttachmentForm({**data, "report_kind": "governance:leader_report"}, meeting=m)
        assert form.is_valid(), form.errors


def test_attachment_form_takes_a_diary_number_never_an_id(shk):
    m = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    document = Document.objects.filter(partnership=shk).order_by("pk").first()
    # Written with other capitals and spaces than the archive's, as people type it.
    typed = "  " + document.diary_number.lower().replace(" ", "  ") + " "
    with translation.override("sv"):
        form = AttachmentForm({"title": "Bilaga", "document_id": typed}, meeting=m)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["document_id"] == document.pk
        assert str(form.fields["document_id"].label) == "Diarienummer för en handling i arkivet"
        form = AttachmentForm({"title": "Bilaga", "document_id": str(document.pk)}, meeting=m)
        assert form.errors["document_id"] == [f"Det finns ingen handling i arkivet med diarienumret ”{document.pk}”."]


def test_attachment_link_is_the_registered_kinds_page(shk):
    m = Meeting.objects.get(partnership=shk, key="styrelse-2024-09-19")
    finance = Attachment(
        meeting=m, partnership=shk, number=91, report_kind="economy:appendix", report_date=date(2024, 8, 31)
    )
    leader = Attachment(meeting=m, partnership=shk, number=92, report_kind="governance:leader_report")
    unknown = Attachment(meeting=m, partnership=shk, number=93, report_kind="no:such")
    assert attachment_link(finance, "shk") == "/shk/ekonomi/bilaga/?per=2024-08-31"
    assert attachment_link(leader, "shk") == reverse("governance:report", args=["shk", m.pk])
    assert attachment_link(unknown, "shk") is None
    assert attachment_link(finance, "shk", actor=actor(shk, "initiative_owner")) is None
    assert (
        attachment_link(finance, "shk", actor=actor(shk, "economy_controller")) == "/shk/ekonomi/bilaga/?per=2024-08-31"
    )
