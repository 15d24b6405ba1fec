from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class PortfolioConfig(AppConfig):
    name = "samsyn.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from . import registers
        from .selectors.start import OWNER_ROLES, my_initiatives_panel, my_initiatives_waiting, start_page_panels
        from .views import sections

        registry.menu_group("portfolio", _("Portfolio"), 10)
        registry.menu_register(
            "portfolio",
            [
                (10, "portfolio:initiative_list", _("Initiatives")),
                (20, "levels:index", _("Portfolios")),
                (30, "matrix:index", _("Whole portfolio")),
                (40, "portfolio:focus_area_list", _("Focus areas")),
                (50, "proposals:index", _("Decision proposals")),
                (60, "learning:index", _("Learning")),
            ],
        )
        registry.start_panel_register(10, start_page_panels)
        registry.todo_panel_register(60, OWNER_ROLES, my_initiatives_panel, my_initiatives_waiting)
        sections.register()
        registers.register()
