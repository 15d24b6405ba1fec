"""Pilot money (economy) above the process leader's limit rests on an item of a board meeting (governance)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from samsyn.core.policy import actor_load
from samsyn.economy.services import pilot_grant_record
from samsyn.governance.models import AgendaItem, Decision, Meeting, PilotGrantDecision


def test_board_item_allows_pilot_money_above_the_process_leaders_limit(shk, django_user_model):
    meeting = Meeting.objects.create(
        partnership=shk,
        key="test-board-econ",
        kind="board",
        title="Styrelsemöte",
        date=date(2024, 9, 19),
        status="held",
    )
    item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=99, title="Pilotmedel")
    Decision.objects.create(partnership=shk, item=item, text="Styrelsen beviljar FIC 2 pilotmedel.")
    user = django_user_model.objects.get(username="ekonomi")
    actor = actor_load(user, shk, on=date(2024, 9, 19))
    with pytest.raises(ValidationError):
        pilot_grant_record(
            partnership=shk,
            user=user,
            actor=actor,
            title="FIC 2",
            area="",
            amount_ore=1_200_000 * 100,
            decided_on=date(2024, 9, 19),
        )
    grant = pilot_grant_record(
        partnership=shk,
        user=user,
        actor=actor,
        title="FIC 2",
        area="",
        amount_ore=1_200_000 * 100,
        decided_on=date(2024, 9, 19),
        board_item=item,
    )
    assert grant.board_decision.board_item == item
    # Read back as governance holds it: one link, to this item.
    assert PilotGrantDecision.objects.get(pilot_grant=grant).board_item == item
    assert list(item.pilot_grant_decisions.values_list("pilot_grant_id", flat=True)) == [grant.pk]


def test_an_agenda_item_that_decided_pilot_money_is_kept(shk, django_user_model):
    meeting = Meeting.objects.create(
        partnership=shk,
        key="test-board-econ",
        kind="board",
        title="Styrelsemöte",
        date=date(2024, 9, 19),
        status="held",
    )
    item = AgendaItem.objects.create(partnership=shk, meeting=meeting, number=99, title="Pilotmedel")
    Decision.objects.create(partnership=shk, item=item, text="Styrelsen beviljar FIC 2 pilotmedel.")
    user = django_user_model.objects.get(username="ekonomi")
    pilot_grant_record(
        partnership=shk,
        user=user,
        actor=actor_load(user, shk, on=date(2024, 9, 19)),
        title="FIC 2",
        area="",
        amount_ore=1_200_000 * 100,
        decided_on=date(2024, 9, 19),
        board_item=item,
    )
    with pytest.raises(ProtectedError):
        item.delete()
