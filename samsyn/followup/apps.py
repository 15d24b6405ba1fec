from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class FollowupConfig(AppConfig):
    name = "samsyn.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self):
        from . import sections, start

        registry.menu_group("followup", _("Follow-up and archive"), 30)
        registry.menu_register("followup", [(10, "followup:index", _("Follow-up"))])
        registry.stylesheet_register("followup/followup.css", 30)
        sections.register()
        start.register()
