"""Spending decisions record one of the agreement's authorities, each with a name for people."""

from samsyn.core import agreement
from samsyn.governance.models import SpendingDecision


def test_every_authority_of_the_rules_has_a_name_for_people():
    assert set(SpendingDecision.Authority.values) == set(agreement.AUTHORITY_ORDER)
