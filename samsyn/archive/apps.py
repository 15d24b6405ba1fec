from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class ArchiveConfig(AppConfig):
    name = "samsyn.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from . import signals

        registry.menu_group("followup", _("Follow-up and archive"), 30)
        registry.menu_register("followup", [(20, "archive:index", _("Archive"))])
        registry.stylesheet_register("archive/archive.css", 40)
        signals.connect()
