from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry
from samsyn.governance.signals import plan_started


class FollowupConfig(AppConfig):
    name = "samsyn.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from . import sections, start
        from .services import kpi_targets_copy

        registry.menu_group("followup", _("Follow-up and archive"), 30)
        registry.menu_register("followup", [(10, "followup:index", _("Follow-up"))])
        registry.stylesheet_register("followup/followup.css", 30)
        sections.register()
        start.register()

        def copy_kpi_targets(sender, *, partnership, from_year, to_year, actor, user, check=True, **kwargs):
            return kpi_targets_copy(
                actor=actor, user=user, partnership=partnership, from_year=from_year, to_year=to_year, check=check
            )

        # A year's plan started from the year before's takes that year's KPI targets with it.
        plan_started.connect(copy_kpi_targets, weak=False, dispatch_uid="followup.kpi_targets_copy")
