from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "samsyn.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from . import signals

        signals.connect()
