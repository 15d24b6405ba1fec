"""The portfolio's sections of the initiative page: phase, status, learning and relations.

Each build reads its few rows in a fixed number of queries, says in one line what the section
holds, and names the forms the viewer may open; the forms themselves are fetched on demand
(htmx, or a link to the form's own page without JavaScript), never rendered in the page.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can
from samsyn.core.registry import Section, SectionAction, section_register

from ..models import Initiative
from ..selectors import learning as sel
from ..selectors import levels as sel_levels

# How many rows a section lists before it links to the full list.
LATEST = 5


def long_date(value) -> str:
    return date_format(value, "j F Y")


def _url(name: str, initiative: Initiative) -> str:
    return reverse(name, args=[initiative.partnership.slug, initiative.slug])


def phase_section(request, initiative: Initiative) -> Section:
    changes, count = sel_levels.phase_changes_latest(initiative, LATEST)
    phase = initiative.get_phase_display()
    if changes:
        summary = _("%(phase)s since %(date)s") % {"phase": phase, "date": long_date(changes[0].date)}
        summary += " · " + ngettext("%(n)s phase change", "%(n)s phase changes", count) % {"n": count}
    else:
        summary = _("%(phase)s · no phase change recorded") % {"phase": phase}
    may_move = can(request, "initiative.move_phase", initiative)
    history = _url("levels:initiative_history", initiative)
    return Section(
        key="phase",
        title=_("Phase"),
        summary=summary,
        template="portfolio/sections/phase.html",
        data={
            "changes": changes,
            "count": count,
            "more": count > len(changes),
            "history_url": history,
        },
        action=SectionAction(_("Change the phase"), history, "phase-form") if may_move else None,
    )


def status_section(request, initiative: Initiative) -> Section:
    statuses = sel.status_list_for_initiative(initiative, LATEST)
    if statuses:
        latest = statuses[0]
        summary = _("Latest status: %(colour)s on %(date)s") % {
            "colour": latest.get_colour_display(),
            "date": long_date(latest.date),
        }
    else:
        summary = _("No status recorded yet")
    may_status = can(request, "status.add", initiative)
    return Section(
        key="status",
        title=_("Status"),
        summary=summary,
        template="portfolio/sections/status.html",
        data={
            "statuses": statuses,
        },
        action=(
            SectionAction(_("Record a status"), _url("learning:status_add", initiative), "status-form")
            if may_status
            else None
        ),
    )


def learning_section(request, initiative: Initiative) -> Section:
    entries, count = sel.learning_latest_for_initiative(initiative, LATEST)
    may_learn = can(request, "learning.add", initiative)
    return Section(
        key="learning",
        title=_("Learning log"),
        summary=(
            ngettext("%(n)s entry in the learning log", "%(n)s entries in the learning log", count) % {"n": count}
            if count
            else _("Nothing written in the learning log yet")
        ),
        template="portfolio/sections/learning.html",
        data={
            "entries": entries,
            "count": count,
            "more": count > len(entries),
            "log_url": reverse("learning:index", args=[initiative.partnership.slug]) + f"?initiative={initiative.slug}",
        },
        action=(
            SectionAction(_("Add to the learning log"), _url("learning:learning_add", initiative), "learning-form")
            if may_learn
            else None
        ),
    )


def relations_section(request, initiative: Initiative) -> Section:
    relations = sel.relation_list_for_initiative(initiative, peer_limit=LATEST * 2)
    count = len(relations.outgoing) + len(relations.incoming) + relations.peer_count
    may_relate = can(request, "relation.change", initiative)
    # The forms to add or remove a relation are fetched with the button below.
    return Section(
        key="relations",
        title=_("Relations to other initiatives"),
        summary=(
            ngettext("%(n)s relation", "%(n)s relations", count) % {"n": count}
            if count
            else _("No relations to other initiatives yet")
        ),
        template="portfolio/sections/relations.html",
        data={
            "relations": relations,
            "count": count,
            "more_peers": relations.peer_count - len(relations.testbed_peers),
        },
        action=(
            SectionAction(
                _("Add or remove a relation") if relations.outgoing else _("Add a relation"),
                _url("learning:relation_add", initiative),
                "relation-form",
            )
            if may_relate
            else None
        ),
    )


def register() -> None:
    section_register("initiative", 10, phase_section)
    section_register("initiative", 20, status_section)
    section_register("initiative", 80, learning_section)
    section_register("initiative", 90, relations_section)
