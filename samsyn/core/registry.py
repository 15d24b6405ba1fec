"""What the apps above core contribute to core's pages, registered from each app's AppConfig.ready().

Core is the base every app imports; it names no app. An app adds its main menu entries, the
stylesheets its printed pages need, and its part of the start page here, each with a number that
orders it among the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: Promise | str | None  # None: entries shown without a group heading
    order: int


@dataclass(frozen=True)
class MenuEntry:
    group: str
    order: int
    url_name: str  # reversed with the partnership's slug
    label: Promise | str


_groups: dict[str, MenuGroup] = {}
_entries: list[MenuEntry] = []
_stylesheets: list[tuple[int, str]] = []
_start_panels: list[tuple[int, Callable[[Any, Any], dict[str, Any]]]] = []
_todo_panels: list[tuple[int, frozenset[str], Callable[..., TodoPanel], Callable[..., list[Any]] | None]] = []


def menu_group(key: str, label: Promise | str | None, order: int) -> None:
    """Declare a group of the main menu; two apps may declare the same group alike."""
    group = MenuGroup(key, label, order)
    if key in _groups and _groups[key] != group:
        raise ValueError(f"menu group {key!r} is declared twice, differently")
    _groups[key] = group


def menu_register(group: str, entries: Iterable[tuple[int, str, Promise | str]]) -> None:
    """Add entries (order, url name, label) to a group of the main menu."""
    for order, url_name, label in entries:
        entry = MenuEntry(group, order, url_name, label)
        if entry not in _entries:
            _entries.append(entry)


def menu() -> list[tuple[Promise | str | None, list[tuple[str, Promise | str]]]]:
    """The main menu as data: [(group label or None, [(url name, label), ...]), ...], in order."""
    unknown = {e.group for e in _entries} - set(_groups)
    if unknown:
        raise LookupError(f"menu entries in undeclared groups: {sorted(unknown)}")
    groups = sorted(_groups.values(), key=lambda g: g.order)
    return [
        (
            group.label,
            [(e.url_name, e.label) for e in sorted(_entries, key=lambda e: e.order) if e.group == group.key],
        )
        for group in groups
        if any(e.group == group.key for e in _entries)
    ]


def stylesheet_register(path: str, order: int) -> None:
    """A static stylesheet that printed pages (PDF) include after the base stylesheet."""
    if all(p != path for __, p in _stylesheets):
        _stylesheets.append((order, path))


def stylesheets() -> list[str]:
    return [path for __, path in sorted(_stylesheets)]


def start_panel_register(order: int, build: Callable[[Any, Any], dict[str, Any]]) -> None:
    """`build(actor, partnership)` returns context for the start page (template variables)."""
    if all(b is not build for __, b in _start_panels):
        _start_panels.append((order, build))


def start_panels(actor: Any, partnership: Any) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for __, build in sorted(_start_panels, key=lambda pair: pair[0]):
        context.update(build(actor, partnership))
    return context


@dataclass(frozen=True)
class TodoItem:
    """One thing waiting for the viewer: what, where to do it, and a note (a due date, a meeting);
    `urgent` marks it as late. `links` are further (label, url) pairs, such as a meeting's papers."""

    text: str
    url: str = ""
    note: str = ""
    urgent: bool = False
    links: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TodoPanel:
    """One part of the start page's "what to do now". `empty` says in words that nothing waits;
    `action_url` and `action_label` link to where the viewer acts (or sees everything), and `total`
    tells how many there are when `items` shows only the first."""

    key: str
    title: Promise | str
    items: list[TodoItem]
    empty: Promise | str
    action_url: str = ""
    action_label: Promise | str = ""
    total: int = 0


def todo_panel_register(
    order: int,
    roles: Iterable[str],
    build: Callable[..., TodoPanel],
    waiting: Callable[[int, int, Any], list[Any]] | None = None,
) -> None:
    """`build(actor, partnership, today)` makes the panel; it is called only for an actor holding one
    of `roles`, so that the start page reads nothing for panels a role does not see.

    `waiting(partnership_id, person_id, today)`, if given, returns querysets any row of which means
    that something may wait in the panel: the same conditions as the panel's own query or wider,
    never narrower (person_id is 0 for a login without a person). The start page answers every
    visible panel's in one query, and builds a panel where nothing waits with `waiting=False`,
    which then reads nothing: most people have something in few of their panels."""
    if all(entry[2] is not build for entry in _todo_panels):
        _todo_panels.append((order, frozenset(roles), build, waiting))


def todo_panel_visible(panel_roles: frozenset[str], actor_roles: frozenset[str]) -> bool:
    return bool(panel_roles & actor_roles)


def todo_panels(
    actor: Any,
    partnership: Any,
    today: Any,
    anything_waiting: Callable[[tuple[Callable[..., list[Any]], ...]], list[bool]] | None = None,
) -> list[TodoPanel]:
    """The panels the actor sees, in order. `anything_waiting(checks)` answers the panels' checks (see
    todo_panel_register), all in one query (core.selectors.todo_waiting)."""
    visible = [
        (build, check)
        for __, roles, build, check in sorted(_todo_panels, key=lambda entry: entry[0])
        if todo_panel_visible(roles, actor.roles)
    ]
    checks = tuple(check for __, check in visible if check is not None)
    answers = dict(zip(checks, anything_waiting(checks), strict=True)) if anything_waiting and checks else {}
    return [
        build(actor, partnership, today)
        if check not in answers
        else build(actor, partnership, today, waiting=answers[check])
        for build, check in visible
    ]


# ---------------------------------------------------------------- sections of an object's page


@dataclass(frozen=True)
class SectionAction:
    """A button that opens a form on demand: `url` is the form's own page (the link without
    JavaScript), which answers an htmx request with the form alone, put into the element `target`."""

    label: Promise | str
    url: str
    target: str


@dataclass(frozen=True)
class Section:
    """One section of an object's page (the initiative's 360° view): its anchor, heading, a one-line
    summary, and the template that renders its body with `section` (this object) in its context.

    `data` is what the body shows, read by the build in a fixed number of queries; `action` the
    form the viewer may open, if any."""

    key: str
    title: Promise | str
    summary: Promise | str
    template: str
    data: Any = None
    action: SectionAction | None = None


_sections: dict[str, list[tuple[int, Callable[[Any, Any], Section | None]]]] = {}


def section_register(page: str, order: int, build: Callable[[Any, Any], Section | None]) -> None:
    """`build(request, obj)` returns the Section of `page` about `obj`, or None when the viewer may
    not see it. A lower app's page lists what higher apps contribute without naming them."""
    builds = _sections.setdefault(page, [])
    if all(b is not build for __, b in builds):
        builds.append((order, build))


def sections(page: str, request: Any, obj: Any) -> list[Section]:
    """The sections of `page` about `obj` that the viewer may see, in order."""
    built = (build(request, obj) for __, build in sorted(_sections.get(page, []), key=lambda pair: pair[0]))
    return [section for section in built if section is not None]


# ---------------------------------------------------------------- diary numbers of the archive

_diary_number_checks: list[Callable[[Any, str], bool]] = []


def diary_number_check_register(check: Callable[[Any, str], bool]) -> None:
    """`check(partnership, number)` says whether the archive holds a document with that diary
    number; a lower app's form checks a number it is given without naming the archive."""
    if check not in _diary_number_checks:
        _diary_number_checks.append(check)


def diary_number_known(partnership: Any, number: str) -> bool | None:
    """Whether a document with the diary number is archived; None when no archive answers."""
    if not _diary_number_checks:
        return None
    return any(check(partnership, number) for check in _diary_number_checks)


# ---------------------------------------------------------------- figures the platform counts itself


@dataclass(frozen=True)
class CountedFigure:
    """A figure an app counts from what it records (students who began work on a challenge, say), that
    a KPI of a lower app can follow instead of typed measurements. `dates(partnership)` gives the day
    of each counted thing, one query; the KPI sorts them into its periods."""

    key: str
    label: Promise | str
    dates: Callable[[Any], list[Any]]


_counted_figures: dict[str, CountedFigure] = {}
_event_counts: list[Callable[[Any, list[int]], dict[int, tuple[int, int]]]] = []


def counted_figure_register(figure: CountedFigure) -> None:
    _counted_figures[figure.key] = figure


def counted_figures() -> list[CountedFigure]:
    """Every registered figure, by key."""
    return [_counted_figures[key] for key in sorted(_counted_figures)]


def counted_figure(key: str) -> CountedFigure | None:
    return _counted_figures.get(key)


def event_counts_register(counts: Callable[[Any, list[int]], dict[int, tuple[int, int]]]) -> None:
    """`counts(partnership, event_ids)` gives {event id: (registrations, attendance)} of the events an
    app registers people for itself; those figures are counted, not typed."""
    if counts not in _event_counts:
        _event_counts.append(counts)


def event_counts(partnership: Any, event_ids: list[int]) -> dict[int, tuple[int, int]]:
    found: dict[int, tuple[int, int]] = {}
    for counts in _event_counts:
        found.update(counts(partnership, event_ids))
    return found
