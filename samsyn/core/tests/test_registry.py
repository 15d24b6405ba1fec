"""What the apps register with core: menu entries in their groups, stylesheets and start-page panels."""

import pytest

from samsyn.core import registry


@pytest.fixture
def empty(monkeypatch):
    monkeypatch.setattr(registry, "_groups", {})
    monkeypatch.setattr(registry, "_entries", [])
    monkeypatch.setattr(registry, "_stylesheets", [])
    monkeypatch.setattr(registry, "_start_panels", [])


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


def test_every_app_has_registered_its_menu_entries():
    names = [name for __, entries in registry.menu() for name, __ in entries]
    assert names[0] == "home"
    assert {"person_list", "portfolio:initiative_list", "economy:index", "governance:index"} <= set(names)
    assert {"followup:index", "search:index"} <= set(names)
    assert len(registry.stylesheets()) == 6
