"""Pilot money above the process leader's limit names the board meeting item that decided it.

The economy sits below governance: it offers the board's items and sends its signal, and the
link is read back through the grant's reverse relation, without naming governance here.
"""

from datetime import date

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samsyn.core.models import AuditEntry
from samsyn.economy.forms import PilotGrantForm
from samsyn.economy.models import PilotGrant
from samsyn.economy.services import pilot_grant_record
from samsyn.economy.signals import pilot_grant_recorded

ABOVE_THE_LIMIT = 1_200_000 * 100  # the process leader decides up to 200 000 kr
ON = date(2024, 9, 19)


def board_items(partnership):
    """The items offered, of meetings held by ON (the demo also holds later ones)."""
    return PilotGrantForm(partnership=partnership).fields["board_item"].queryset.filter(meeting__date__lte=ON)


def test_the_form_offers_the_items_of_board_meetings_only(shk):
    items = list(board_items(shk))
    assert items, "the demo has board meetings with items"
    assert {item.meeting.kind for item in items} <= {"board", "joint"}
    assert all(item.partnership_id == shk.pk for item in items)


def test_recording_with_a_board_item_links_it_and_the_audit_names_it(shk, client_as):
    item = board_items(shk).first()
    response = client_as("ekonomi").post(
        reverse("economy:pilot_grant_create", args=["shk"]),
        {"title": "FIC 2", "amount": "1 200 000", "decided_on": ON.isoformat(), "board_item": item.pk},
    )
    assert response.status_code == 302
    grant = PilotGrant.objects.get(partnership=shk, title="FIC 2")
    assert grant.board_decision.board_item == item
    entry = AuditEntry.objects.get(action="pilot_grant.create", object_id=str(grant.pk))
    assert entry.after["board_item"] == item.pk


def test_without_a_board_item_above_the_limit_nothing_is_recorded(shk, client_as):
    response = client_as("ekonomi").post(
        reverse("economy:pilot_grant_create", args=["shk"]),
        {"title": "FIC 2", "amount": "1 200 000", "decided_on": ON.isoformat()},
    )
    assert response.status_code == 200
    assert not PilotGrant.objects.filter(partnership=shk, title="FIC 2").exists()


def test_a_grant_without_a_board_item_has_no_link(shk, login):
    user, actor = login("processledare")
    grant = pilot_grant_record(
        actor=actor, user=user, partnership=shk, title="Liten", area="", amount_ore=100, decided_on=ON
    )
    assert not hasattr(PilotGrant.objects.get(pk=grant.pk), "board_decision")


def test_a_refused_link_undoes_the_grant_and_its_audit_entry(shk, login):
    def refuse(sender, **kwargs):
        raise ValidationError("refused")

    pilot_grant_recorded.connect(refuse, dispatch_uid="test.refuse")
    try:
        user, actor = login("ekonomi")
        with pytest.raises(ValidationError):
            pilot_grant_record(
                actor=actor,
                user=user,
                partnership=shk,
                title="FIC 2",
                area="",
                amount_ore=ABOVE_THE_LIMIT,
                decided_on=ON,
                board_item=board_items(shk).first(),
            )
    finally:
        pilot_grant_recorded.disconnect(dispatch_uid="test.refuse")
    assert not PilotGrant.objects.filter(partnership=shk, title="FIC 2").exists()
    assert not AuditEntry.objects.filter(partnership=shk, action="pilot_grant.create").exists()


def test_without_a_receiver_a_board_item_is_not_silently_dropped(shk, login):
    receivers = pilot_grant_recorded.receivers
    pilot_grant_recorded.receivers = []
    pilot_grant_recorded.sender_receivers_cache.clear()
    try:
        user, actor = login("ekonomi")
        with pytest.raises(RuntimeError):
            pilot_grant_record(
                actor=actor,
                user=user,
                partnership=shk,
                title="FIC 2",
                area="",
                amount_ore=ABOVE_THE_LIMIT,
                decided_on=ON,
                board_item=board_items(shk).first(),
            )
    finally:
        pilot_grant_recorded.receivers = receivers
        pilot_grant_recorded.sender_receivers_cache.clear()
    assert not PilotGrant.objects.filter(partnership=shk, title="FIC 2").exists()


def decided_by_column(html: str) -> dict[str, str]:
    """{title: who decided} from the pilot money table."""
    table = lxml.html.fromstring(html).get_element_by_id("grants-caption").getparent()
    return {
        row.findtext("th"): row.xpath('string(td[@data-label="Beslutat av"])')
        for row in table.iter("tr")
        if row.find("td") is not None and row.findtext("th") != "Summa"
    }


def test_each_grant_says_who_decided_it_and_the_older_ones_say_it_is_unknown(shk, client_as, login):
    user, actor = login("processledare")
    pilot_grant_record(actor=actor, user=user, partnership=shk, title="Liten", area="", amount_ore=100, decided_on=ON)
    client_as("ekonomi").post(
        reverse("economy:pilot_grant_create", args=["shk"]),
        {"title": "FIC 2", "amount": "1 200 000", "decided_on": ON.isoformat(), "board_item": board_items(shk)[0].pk},
    )
    decided_by = decided_by_column(
        client_as("ekonomi").get(reverse("economy:pilot_grants", args=["shk"])).content.decode()
    )
    assert (decided_by["Liten"], decided_by["FIC 2"]) == ("Processledare", "Styrelsen")
    # Recorded from the partnership's documents, which do not say who decided: never shown as approved.
    assert decided_by["FIC"] == "Beslutsordning okänd"
    unknown = PilotGrant.objects.filter(partnership=shk, authority="").count()
    assert unknown > 1 and list(decided_by.values()).count("Beslutsordning okänd") == unknown
