"""The roles a person can hold in a partnership (DOMAIN.md glossary; seed 002, appendix 1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    BOARD_CHAIR = "board_chair", _("Board chair")
    BOARD_MEMBER = "board_member", _("Board member")
    SUBSTITUTE = "substitute", _("Substitute")
    CORE_TEAM_MEMBER = "core_team_member", _("Core Team member")
    PROCESS_LEADER = "process_leader", _("Process leader")
    DEPUTY_PROCESS_LEADER = "deputy_process_leader", _("Deputy process leader")
    PROJECT_LEADER = "project_leader", _("Project leader")
    ECONOMY_CONTROLLER = "economy_controller", _("Economy controller")
    RESEARCHER = "researcher", _("Researcher")
    INITIATIVE_OWNER = "initiative_owner", _("Initiative owner")
    COMMUNICATOR = "communicator", _("Communicator")
    READER = "reader", _("Reader")


# Roles whose assignment is scoped to one focus area.
FOCUS_AREA_ROLES = frozenset({Role.CORE_TEAM_MEMBER})
