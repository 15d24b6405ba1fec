"""Deciding a Core Team proposal's items: the portfolio's decision, and the spending decision governance
records for an approved budget (DOMAIN.md rule 3). Here, above both, because each decision names an
item of a board meeting."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from samsyn.core.models import AuditEntry, Partnership
from samsyn.core.policy import actor_load
from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from samsyn.governance.models import AgendaItem, Meeting, SpendingDecision
from samsyn.portfolio.models import Initiative, Phase, PhaseChange, ProposalItem
from samsyn.portfolio.services.proposals import proposal_item_decide
from samsyn.portfolio.tests.test_proposals import english, make_proposal, spaced, url

# --- decisions ------------------------------------------------------------------------------------


def board_item(shk, kind="board"):
    return AgendaItem.objects.filter(partnership=shk, meeting__kind=kind).order_by("meeting__date", "number").first()


def decide(client, item, decision="approved", on="2024-05-20", **extra):
    """Post a decision; a budgeted item names a board meeting item unless the test says otherwise."""
    data = {"decision": decision, "decided_on": on, "target_phase": item.target_phase, "note": "Enligt Core Team-mötet"}
    if item.budget_ore:
        data["board_item"] = board_item(item.partnership).pk
    data.update(extra)
    return client.post(url(item.proposal, f"poster/{item.pk}/beslut/"), data)


@pytest.mark.parametrize(
    "username,area,allowed",
    [
        ("admin", "barn-och-unga", True),
        ("processledare", "barn-och-unga", True),
        ("coreteam-barn", "barn-och-unga", True),
        ("coreteam-barn", "aldre", False),
        ("coreteam-aldre", "aldre", True),
        ("coreteam-aldre", "barn-och-unga", False),
        ("styrelse", "barn-och-unga", False),
        ("ekonomi", "barn-och-unga", False),
        ("initiativagare", "barn-och-unga", False),
        ("lasare", "barn-och-unga", False),
        ("lasare", "aldre", False),
    ],
)
def test_who_may_decide_on_which_proposal(client_as, shk, username, area, allowed):
    proposal = make_proposal(shk, area, items=1)
    item = proposal.items.get()
    client = client_as(username)
    initiatives = Initiative.objects.count()
    assert client.get(url(proposal, f"poster/{item.pk}/beslut/")).status_code == (200 if allowed else 403)
    assert decide(client, item).status_code == (302 if allowed else 403)
    item.refresh_from_db()
    assert (item.decision == ProposalItem.Decision.APPROVED) is allowed
    assert Initiative.objects.count() == initiatives + (1 if allowed else 0)
    page = client.get(url(proposal)).content.decode()
    assert ("/beslut/" in page) is allowed


def test_approving_a_new_item_creates_the_initiative_with_its_phase(client_as, shk):
    proposal = make_proposal(shk, items=1)
    item = proposal.items.get()
    ProposalItem.objects.filter(pk=item.pk).update(description="Med beskrivning")
    item.refresh_from_db()
    response = decide(client_as("coreteam-barn"), item, target_phase=Phase.PLANNED)
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    initiative = item.initiative
    assert initiative.slug == "ny-insats-1" and initiative.name == "Ny insats 1"
    assert initiative.description == "Förslag 1\n\nMed beskrivning"
    assert list(initiative.focus_areas.values_list("slug", flat=True)) == ["barn-och-unga"]
    assert initiative.phase == Phase.PLANNED and item.target_phase == Phase.PLANNED
    change = initiative.phase_changes.get()
    assert (change.phase, change.date, change.recorded_by.username) == (
        Phase.PLANNED,
        date(2024, 5, 20),
        "coreteam-barn",
    )
    assert change.decision == "Core Team-beslut 2024-05-20: Testunderlag"
    assert (item.decided_on, item.decided_by.username, item.decision_note) == (
        date(2024, 5, 20),
        "coreteam-barn",
        "Enligt Core Team-mötet",
    )
    decided = AuditEntry.objects.get(action="proposal.decide", object_id=str(item.pk))
    assert decided.before["decision"] == "pending" and decided.after["decision"] == "approved"
    assert decided.after["initiative_slug"] == "ny-insats-1"
    assert AuditEntry.objects.filter(action="initiative.create", object_id=str(initiative.pk)).exists()
    assert AuditEntry.objects.filter(action="initiative.move_phase", object_id=str(initiative.pk)).exists()
    # The new initiative is in the focus area's portfolio.
    area_page = client_as("lasare").get("/shk/fokusomraden/barn-och-unga/").content.decode()
    assert "Ny insats 1" in area_page


def test_approving_a_running_item_moves_its_initiative(client_as, shk):
    proposal = make_proposal(shk, items=1)
    item = proposal.items.get()
    studentcoacher = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    ProposalItem.objects.filter(pk=item.pk).update(
        kind=ProposalItem.Kind.RUNNING, initiative=studentcoacher, target_phase=Phase.PHASE_2
    )
    item.refresh_from_db()
    count = Initiative.objects.count()
    assert decide(client_as("coreteam-barn"), item, on="2025-01-15").status_code == 302
    studentcoacher.refresh_from_db()
    assert Initiative.objects.count() == count
    assert studentcoacher.phase == Phase.PHASE_2
    assert studentcoacher.phase_changes.order_by("-date").first().date == date(2025, 1, 15)


def test_approving_twice_named_items_gives_distinct_slugs(client_as, shk):
    proposal = make_proposal(shk, items=1)
    item = proposal.items.get()
    ProposalItem.objects.filter(pk=item.pk).update(name="Studentcoacher")
    item.refresh_from_db()
    decide(client_as("coreteam-barn"), item)
    item.refresh_from_db()
    assert item.initiative.slug == "studentcoacher-2"


@pytest.mark.parametrize("decision", ["rejected", "deferred"])
def test_rejected_or_deferred_changes_nothing_in_the_portfolio(client_as, shk, decision):
    proposal = make_proposal(shk, items=1)
    item = proposal.items.get()
    initiatives, changes = Initiative.objects.count(), PhaseChange.objects.count()
    assert decide(client_as("coreteam-barn"), item, decision=decision).status_code == 302
    item.refresh_from_db()
    assert item.decision == decision and item.initiative is None
    assert (Initiative.objects.count(), PhaseChange.objects.count()) == (initiatives, changes)
    assert AuditEntry.objects.filter(action="proposal.decide", object_id=str(item.pk)).exists()


# --- the budget is a spending decision (DOMAIN.md rule 3) --------------------------------------------


def spending_of(item):
    return list(
        SpendingDecision.objects.filter(proposal_item=item).values_list("amount_ore", "authority", "board_item_id")
    )


def budgeted_item(shk, kronor):
    item = make_proposal(shk, items=1).items.get()
    ProposalItem.objects.filter(pk=item.pk).update(budget_ore=kronor * 100)
    item.refresh_from_db()
    return item


@pytest.mark.parametrize(
    "username,kronor,with_board_item,authority",
    [
        # Core Team members hold no spending authority of their own: the board decided it.
        ("coreteam-barn", 100_000, True, "board"),
        ("coreteam-barn", 1, False, None),
        ("coreteam-barn", 50_000, False, None),
        # The process leader decides up to 200 000, the board above.
        ("processledare", 50_000, False, "process_leader"),
        ("processledare", 200_000, False, "process_leader"),
        ("processledare", 200_001, False, None),
        ("processledare", 200_001, True, "board"),
        ("admin", 100_000, False, None),
        ("admin", 100_000, True, "board"),
    ],
)
def test_approving_a_budget_needs_the_authority_for_it(client_as, shk, username, kronor, with_board_item, authority):
    item = budgeted_item(shk, kronor)
    initiatives, changes = Initiative.objects.count(), PhaseChange.objects.count()
    extra = {} if with_board_item else {"board_item": ""}
    response = decide(english(client_as(username)), item, **extra)
    item.refresh_from_db()
    if authority is None:
        assert response.status_code == 200
        html = spaced(response.content.decode())
        who = (
            "can only be made by the board"
            if kronor > 200_000
            else "may be made by the process leader or the board"
            if kronor > 50_000
            else "may be made by a project leader"
        )
        assert f"A spending decision of {kronor:,} kr {who}".replace(",", " ") in html
        # Refused as a whole: no decision, no initiative, no phase change, no spending.
        assert item.decision == ProposalItem.Decision.PENDING and item.initiative is None
        assert (Initiative.objects.count(), PhaseChange.objects.count()) == (initiatives, changes)
        assert spending_of(item) == []
    else:
        assert response.status_code == 302
        assert item.decision == ProposalItem.Decision.APPROVED
        expected_item = board_item(shk).pk if authority == "board" else None
        assert spending_of(item) == [(kronor * 100, authority, expected_item)]
        assert AuditEntry.objects.filter(action="spending.decide").exists()
        # The proposal shows what the budget rests on.
        page = spaced(english(client_as("lasare")).get(url(item.proposal)).content.decode())
        if authority == "board":
            item_ = board_item(shk)
            assert f"Spending decision: The board, {item_.meeting.date:%Y-%m-%d} §{item_.number}" in page
        else:
            assert "Spending decision: Process leader" in page


def test_a_core_team_meeting_item_is_not_a_board_decision(client_as, shk):
    item = budgeted_item(shk, 100_000)
    meeting = Meeting.objects.create(
        partnership=shk, key="ct-test", kind="core_team", title="Core Team", date=date(2024, 5, 20)
    )
    core_item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=1, title="Underlag")
    response = decide(client_as("coreteam-barn"), item, board_item=core_item.pk)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.decision == ProposalItem.Decision.PENDING and spending_of(item) == []


def test_an_item_without_budget_needs_no_authority_and_offers_no_board_item(client_as, shk):
    item = make_proposal(shk, items=2).items.get(order=2)
    assert item.budget_ore is None
    client = client_as("coreteam-barn")
    assert 'name="board_item"' not in client.get(url(item.proposal, f"poster/{item.pk}/beslut/")).content.decode()
    assert decide(client, item).status_code == 302
    item.refresh_from_db()
    assert item.decision == ProposalItem.Decision.APPROVED and spending_of(item) == []


def test_the_decision_form_says_who_may_approve_the_budget(client_as, shk):
    item = budgeted_item(shk, 250_000)
    html = spaced(
        english(client_as("coreteam-barn")).get(url(item.proposal, f"poster/{item.pk}/beslut/")).content.decode()
    )
    assert "A spending decision of 250 000 kr can only be made by the board" in html
    assert 'name="board_item"' in html


def test_approving_again_does_not_spend_twice(client_as, shk):
    item = budgeted_item(shk, 100_000)
    client = client_as("coreteam-barn")
    decide(client, item)
    decide(client, item, decision="rejected", change_decision="on")
    assert decide(client, item, decision="approved", change_decision="on").status_code == 302
    assert len(spending_of(item)) == 1


def test_a_decided_item_is_decided_again_only_on_purpose(client_as, shk):
    proposal = make_proposal(shk, items=1)
    item = proposal.items.get()
    client = english(client_as("coreteam-barn"))
    decide(client, item, decision="rejected")
    response = decide(client, item, decision="approved")
    assert response.status_code == 200
    assert "Change the earlier decision: tick this box" in response.content.decode()
    item.refresh_from_db()
    assert item.decision == "rejected" and item.initiative is None
    assert decide(client, item, decision="approved", change_decision="on").status_code == 302
    item.refresh_from_db()
    assert item.decision == "approved" and item.initiative is not None
    entries = AuditEntry.objects.filter(action="proposal.decide", object_id=str(item.pk)).order_by("at", "pk")
    assert [(e.before["decision"], e.after["decision"]) for e in entries] == [
        ("pending", "rejected"),
        ("rejected", "approved"),
    ]


def test_a_deferred_item_can_be_decided_later(client_as, shk):
    proposal = make_proposal(shk, items=1)
    item = proposal.items.get()
    client = client_as("coreteam-barn")
    decide(client, item, decision="deferred")
    assert decide(client, item, decision="approved").status_code == 302
    item.refresh_from_db()
    assert item.decision == "approved"


def test_the_service_refuses_a_second_decision(shk):
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    user = get_user_model().objects.get(username="coreteam-barn")
    actor = actor_load(user, shk)
    item = make_proposal(shk, items=1, decision=ProposalItem.Decision.APPROVED).items.get()
    with pytest.raises(ValidationError):
        proposal_item_decide(actor=actor, user=user, item=item, decision="rejected", on=date(2024, 6, 1))
    aldre_item = make_proposal(shk, "aldre", items=1).items.get()
    with pytest.raises(PermissionDenied):
        proposal_item_decide(actor=actor, user=user, item=aldre_item, decision="approved", on=date(2024, 6, 1))
    assert not PhaseChange.objects.filter(date=date(2024, 6, 1)).exists()


# --- the browser ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_core_team_member_approves_an_item_in_the_browser(new_page):
    from playwright.sync_api import expect

    shk = Partnership.objects.get(slug="shk")
    proposal = make_proposal(shk, items=2, title="Webbunderlag", funding={"ordinary": 5_000_000, "pilot": 5_000_000})
    item = proposal.items.get(order=1)

    page = new_page(username="coreteam-barn")
    page.goto("/shk/beslutsunderlag/")
    assert_accessible(page, "proposal list")
    page.get_by_role("link", name="Webbunderlag").click()
    expect(page.locator("h1")).to_have_text("Webbunderlag")
    expect(page.locator("#reconciliation")).to_contain_text("100\u00a0000 = 50\u00a0000 + 50\u00a0000")
    assert_accessible(page, "proposal page")

    page.locator(f"#item-{item.pk} a[href$='/beslut/']").click()
    expect(page.locator("h1")).to_contain_text("Ny insats 1")
    assert_accessible(page, "decision form")
    # A decision without its date is refused and said so, next to the field and in the summary.
    page.locator("#id_decided_on").fill("")
    page.locator("#id_decision_0").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "decision form with errors")
    page.locator("#id_decided_on").fill("2024-05-20")
    page.locator("#id_decision_0").check()
    page.locator("#id_target_phase").select_option("phase_1")
    # The budget of 100 000 kr is above a Core Team member's own authority (none): the board's.
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("100\u00a0000 kr")
    expect(page.locator(".error-summary")).to_contain_text("styrelse")
    page.locator("#id_decision_0").check()
    page.locator("#id_board_item").select_option(str(board_item(shk).pk))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("2024-05-20")
    expect(page.locator(f"#item-{item.pk} a[href='/shk/initiativ/ny-insats-1/']")).to_have_text("Ny insats 1")
    assert_accessible(page, "proposal page after the decision")

    # The new initiative is in the focus area's portfolio.
    page.goto("/shk/fokusomraden/barn-och-unga/")
    expect(page.locator("main")).to_contain_text("Ny insats 1")
    page.locator("main a[href='/shk/initiativ/ny-insats-1/']").click()
    expect(page.locator("h1")).to_have_text("Ny insats 1")

    for path, label in [
        (url(proposal, "finansiering/"), "funding form"),
        (url(proposal, "poster/ny/"), "item form"),
        ("/shk/beslutsunderlag/nytt/", "new proposal form"),
    ]:
        page.goto(path)
        assert_accessible(page, label)

    phone = new_page(viewport=PHONE, username="coreteam-barn", is_mobile=True, has_touch=True)
    for path, label in [("/shk/beslutsunderlag/", "proposal list"), (url(proposal), "proposal page")]:
        phone.goto(path)
        assert_accessible(phone, f"{label} on a phone")
        assert_no_horizontal_scroll(phone, f"{label} on a phone")
