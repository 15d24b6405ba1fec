"""samsyn.core.lib.urls.reverse gives Django's address for every name the project has, and leaves to
Django's reverse() every call it could answer differently."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.template.defaulttags import URLNode
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, set_script_prefix
from django.urls import reverse as django_reverse

from samsyn.core.lib import urls
from samsyn.core.lib.urls import reverse
from samsyn.core.templatetags.addresses import FastURLNode

# A value each converter accepts, by converter class name.
SAMPLES = {"IntConverter": 7, "SlugConverter": "a-b_1", "StringConverter": "abc", "YearConverter": 2026}


def _names(resolver: URLResolver, namespace: str = ""):
    """(view name, positional arguments) of every named pattern, with a value each converter takes."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = entry.pattern.converters
            if all(type(c).__name__ in SAMPLES for c in converters.values()):
                yield f"{namespace}{entry.name}", [SAMPLES[type(c).__name__] for c in converters.values()]


def test_every_name_of_the_project_is_reversed_as_django_does():
    cases = list(_names(get_resolver()))
    assert len(cases) > 150
    mismatches = []
    for name, args in cases:
        # A pattern under a resolver with converters of its own (the partnership's slug) takes more
        # arguments than its own converters: try the partnership's slug first.
        for candidate in (args, ["shk", *args], ["shk", "hub", *args]):
            try:
                expected = django_reverse(name, args=candidate)
            except NoReverseMatch:
                continue
            if reverse(name, args=candidate) != expected:
                mismatches.append((name, candidate, reverse(name, args=candidate), expected))
            break
    assert mismatches == []


@pytest.mark.parametrize(
    "name, args",
    [
        ("portfolio:initiative_detail", ["shk", "ett-initiativ"]),
        ("governance:meeting", ["shk", 17]),
        ("home", ["shk"]),
        ("logout", None),
        ("logout", []),
    ],
)
def test_same_address_as_django(name, args):
    assert reverse(name, args=args) == django_reverse(name, args=args)


@pytest.mark.parametrize(
    "args",
    [
        ["shk", -3],  # the int converter refuses a negative number
        ["shk", True],  # not an int for the fast way
    ],
)
def test_what_django_refuses_is_refused(args):
    with pytest.raises(NoReverseMatch):
        django_reverse("governance:meeting", args=args)
    with pytest.raises(NoReverseMatch):
        reverse("governance:meeting", args=args)


def test_a_number_as_text_where_the_pattern_takes_a_number_is_as_django_has_it():
    assert reverse("governance:meeting", args=["shk", "17"]) == django_reverse("governance:meeting", args=["shk", "17"])


def test_text_that_is_not_a_slug_goes_to_django():
    with pytest.raises(NoReverseMatch):
        reverse("portfolio:initiative_detail", args=["shk", "två ord"])
    assert reverse("home", args=["shk"]) == "/shk/"


def test_keyword_arguments_and_query_go_to_django():
    assert reverse("home", kwargs={"partnership_slug": "shk"}) == "/shk/"
    assert reverse("home", args=["shk"], query={"a": "b"}) == "/shk/?a=b"


def test_the_script_prefix_is_part_of_the_address():
    try:
        set_script_prefix("/samsyn/")
        assert reverse("home", args=["shk"]) == "/samsyn/shk/"
    finally:
        set_script_prefix("/")
    assert reverse("home", args=["shk"]) == "/shk/"


def test_a_name_with_several_patterns_is_left_to_django(monkeypatch):
    monkeypatch.setattr(urls, "_patterns", lambda resolver, viewname: 2)
    urls._shape.cache_clear()
    try:
        assert urls._shape("home", (str,), None, "/", None) is None
        assert reverse("home", args=["shk"]) == "/shk/"
    finally:
        urls._shape.cache_clear()


def test_the_url_tag_of_every_template_uses_it():
    template = Template("{% url 'governance:meeting' slug 17 %}|{% url 'home' slug as home %}{{ home }}")
    nodes = template.nodelist.get_nodes_by_type(URLNode)
    assert [type(node) for node in nodes] == [FastURLNode, FastURLNode]
    expected = django_reverse("governance:meeting", args=["shk", 17]) + "|/shk/"
    assert template.render(Context({"slug": "shk"})) == expected
