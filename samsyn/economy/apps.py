from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class EconomyConfig(AppConfig):
    name = "samsyn.economy"
    label = "economy"
    verbose_name = _("Economy")

    def ready(self):
        from . import registers, sections

        registry.menu_register("steering", [(20, "economy:index", _("Economy"))])
        registry.stylesheet_register("economy/economy.css", 10)
        sections.register()
        registers.register()
