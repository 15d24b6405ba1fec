from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from samsyn.core import registry


class ArchiveConfig(AppConfig):
    name = "samsyn.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from . import registers, sections, selectors

        # The menu entry "Archive" is the search app's: the archive's front page is its search.
        registry.stylesheet_register("archive/archive.css", 40)
        sections.register()
        registers.register()
        registry.diary_number_check_register(selectors.diary_number_exists)
