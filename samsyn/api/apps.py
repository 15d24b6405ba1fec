from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class ApiConfig(AppConfig):
    name = "samsyn.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        registry.stylesheet_register("api/api.css", 50)
