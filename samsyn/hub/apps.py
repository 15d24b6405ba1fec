from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class HubConfig(AppConfig):
    name = "samsyn.hub"
    label = "hub"
    verbose_name = _("Public hub")

    def ready(self):
        from . import figures, start

        # Not in the main menu, which every role sees alike: the start page shows the way to those
        # who decide what the hub shows.
        registry.stylesheet_register("hub/hub.css", 45)
        start.register()
        # What the follow-up counts from the hub: students at work on challenges, event figures.
        figures.register()
