from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samsyn.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Each domain app owns its actions in <app>/policy_rules.py; the policy is still one table.
        from . import policy, receivers, registers, registry
        from .converters import YearConverter

        # After axes' own receiver (axes comes first in INSTALLED_APPS), which counts the failure.
        user_login_failed.connect(receivers.login_failed, dispatch_uid="samsyn.core.login_failed")
        user_logged_in.connect(receivers.logged_in, dispatch_uid="samsyn.core.logged_in")
        # Before any URLconf is loaded: every app's year in a path is `<year:year>`.
        register_converter(YearConverter, "year")

        for config in apps.get_app_configs():
            module = f"{config.name}.policy_rules"
            if config.name.startswith("samsyn.") and find_spec(module):
                policy.register(import_module(module).RULES)

        # Core's groups of the main menu; each app declares its own group or joins one from its AppConfig.ready().
        registry.menu_group("start", None, 0)
        registry.menu_group("steering", _("Steering"), 20)
        registry.menu_register("start", [(0, "home", _("Start"))])
        registry.menu_register("steering", [(30, "person_list", _("People"))])
        registers.register()
        # The charts of samsyn.core.lib.charts, on any app's page.
        registry.stylesheet_register("samsyn/css/charts.css", 5)
