"""What the apps register with core: menu entries in their groups, stylesheets and start-page panels."""

import pytest

from samsyn.core import registry
from samsyn.core.policy import Actor, Grant


@pytest.fixture
def empty(monkeypatch):
    monkeypatch.setattr(registry, "_groups", {})
    monkeypatch.setattr(registry, "_entries", [])
    monkeypatch.setattr(registry, "_stylesheets", [])
    monkeypatch.setattr(registry, "_start_panels", [])
    monkeypatch.setattr(registry, "_todo_panels", [])


def test_menu_groups_and_entries_follow_their_numbers(empty):
    registry.menu_group("later", "Later", 20)
    registry.menu_group("first", None, 0)
    registry.menu_register("later", [(20, "b", "B"), (10, "a", "A")])
    registry.menu_register("first", [(0, "home", "Start")])
    registry.menu_register("later", [(20, "b", "B")])  # registering twice adds nothing
    assert registry.menu() == [(None, [("home", "Start")]), ("Later", [("a", "A"), ("b", "B")])]


def test_a_group_without_entries_is_not_shown(empty):
    registry.menu_group("empty", "Empty", 5)
    assert registry.menu() == []


def test_an_entry_in_an_undeclared_group_is_an_error(empty):
    registry.menu_register("nowhere", [(0, "x", "X")])
    with pytest.raises(LookupError):
        registry.menu()


def test_a_group_declared_twice_differently_is_an_error(empty):
    registry.menu_group("g", "G", 1)
    registry.menu_group("g", "G", 1)
    with pytest.raises(ValueError):
        registry.menu_group("g", "Other", 1)


def test_stylesheets_in_order_once(empty):
    registry.stylesheet_register("b.css", 20)
    registry.stylesheet_register("a.css", 10)
    registry.stylesheet_register("b.css", 20)
    assert registry.stylesheets() == ["a.css", "b.css"]


def test_start_panels_merge_in_order(empty):
    registry.start_panel_register(20, lambda actor, partnership: {"x": 2, "y": partnership})
    registry.start_panel_register(10, lambda actor, partnership: {"x": 1})
    assert registry.start_panels(None, "p") == {"x": 2, "y": "p"}


@pytest.mark.parametrize(
    ("panel_roles", "actor_roles", "visible"),
    [
        ({"economy_controller"}, {"economy_controller"}, True),
        ({"economy_controller", "process_leader"}, {"reader", "process_leader"}, True),
        ({"economy_controller"}, {"board_member"}, False),
        ({"economy_controller"}, set(), False),
        (set(), {"administrator"}, False),
    ],
)
def test_a_todo_panel_is_visible_to_the_roles_it_names(panel_roles, actor_roles, visible):
    assert registry.todo_panel_visible(frozenset(panel_roles), frozenset(actor_roles)) is visible


def test_todo_panels_are_built_only_for_their_roles_in_order(empty):
    built = []

    def build(key):
        def make(actor, partnership, today):
            built.append(key)
            return registry.TodoPanel(key=key, title=key, items=[], empty="-")

        return make

    registry.todo_panel_register(20, {"board_member"}, build("board"))
    registry.todo_panel_register(10, {"reader", "board_member"}, build("all"))
    registry.todo_panel_register(30, {"economy_controller"}, build("economy"))
    actor = Actor(partnership_id=1, person_id=1, grants=frozenset({Grant("board_member")}))
    assert [p.key for p in registry.todo_panels(actor, "p", None)] == ["all", "board"]
    assert built == ["all", "board"]


def test_a_panel_where_nothing_waits_is_built_without_reading(empty):
    built = []

    def build(actor, partnership, today, waiting=True):
        built.append(waiting)
        return registry.TodoPanel(key="board", title="board", items=[], empty="-")

    def check(partnership_id, person_id, today):
        return []

    registry.todo_panel_register(10, {"board_member"}, build, check)
    actor = Actor(partnership_id=1, person_id=1, grants=frozenset({Grant("board_member")}))
    asked = []

    def answer(found):
        def anything_waiting(checks):
            asked.append(checks)
            return [found]

        return anything_waiting

    registry.todo_panels(actor, "p", None, anything_waiting=answer(False))
    registry.todo_panels(actor, "p", None, anything_waiting=answer(True))
    assert asked == [(check,), (check,)]
    assert built == [False, True]


def test_every_app_has_registered_its_menu_entries():
    names = [name for __, entries in registry.menu() for name, __ in entries]
    assert names[0] == "home"
    assert {"person_list", "portfolio:initiative_list", "economy:index", "governance:index"} <= set(names)
    assert {"followup:index", "search:index"} <= set(names)
    assert len(registry.stylesheets()) == 8
    assert "hub/hub.css" in registry.stylesheets()
    assert "api/api.css" in registry.stylesheets()
