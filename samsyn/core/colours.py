"""The four-colour scale the partnership rates with (seed 003's dots, the process leader's report)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The stylesheet's colours (samsyn.css :root), each 4.5:1 or better as text on white; no colour is grey.
CSS_VARS = {"green": "var(--green)", "yellow": "var(--yellow)", "orange": "var(--orange)", "red": "var(--red)"}
NO_COLOUR_CSS = "var(--muted)"


class Colour(models.TextChoices):
    """Best first."""

    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
