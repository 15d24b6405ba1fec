from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class SearchConfig(AppConfig):
    name = "samsyn.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import sections, signals

        # The archive's page is its search: the menu entry leads here, where documents are listed too.
        registry.menu_group("followup", _("Follow-up and archive"), 30)
        registry.menu_register("followup", [(20, "search:index", _("Archive"))])
        registry.stylesheet_register("search/search.css", 45)
        signals.connect()
        sections.register()
