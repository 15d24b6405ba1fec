from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry
from samsyn.economy.signals import pilot_grant_recorded
from samsyn.portfolio.signals import proposal_item_approved


class GovernanceConfig(AppConfig):
    name = "samsyn.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from . import sections, start
        from .services.spending import pilot_grant_decision_record, proposal_item_spending_record

        registry.menu_register("steering", [(10, "governance:index", _("Meetings"))])
        registry.stylesheet_register("governance/governance.css", 20)
        sections.register()
        start.register()

        def record_spending(sender, *, item, actor, user, on, board_item, **kwargs):
            return proposal_item_spending_record(actor=actor, user=user, item=item, on=on, board_item=board_item)

        # An approved Core Team proposal item's budget is a spending decision, recorded here.
        proposal_item_approved.connect(record_spending, weak=False, dispatch_uid="governance.proposal_item_spending")

        def record_pilot_grant_decision(sender, *, grant, board_item, actor, user, **kwargs):
            return pilot_grant_decision_record(actor=actor, user=user, grant=grant, board_item=board_item)

        # Pilot money above the process leader's limit rests on a board meeting's item, linked here.
        pilot_grant_recorded.connect(
            record_pilot_grant_decision, weak=False, dispatch_uid="governance.pilot_grant_decision"
        )
