"""`{% translate %}` from samsyn.core.templatetags.translations renders as Django's own tag does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Engine, engines
from django.templatetags.i18n import TranslateNode
from django.utils import translation

from samsyn.core.templatetags.translations import LiteralTranslateNode

# Django's own i18n library, the reference.
DJANGO = Engine(libraries={"i18n": "django.templatetags.i18n"})

CASES = [
    # (template body after {% load i18n %}, context, node the project uses for the tag)
    ('{% translate "Log out" %}', {}, LiteralTranslateNode),
    ('{% trans "Skip to content" %}', {}, LiteralTranslateNode),
    ('{% translate "50 % of <b>all</b> & more" %}', {}, LiteralTranslateNode),
    ('{% translate "100%% sure" %}', {}, LiteralTranslateNode),
    ('{% translate "Log out" as label %}[{{ label }}]', {}, LiteralTranslateNode),
    ('{% translate "Log out" as label %}{{ label|upper }}', {}, LiteralTranslateNode),
    ('{% translate "May" context "month name" %}', {}, TranslateNode),
    ('{% translate "Log out"|upper %}', {}, TranslateNode),
    ('{% translate "Log out" noop %}', {}, TranslateNode),
    ("{% translate text %}", {"text": "Log out"}, TranslateNode),
    ("{% translate text %}", {"text": "<i>Log out</i>"}, TranslateNode),
]


def _project_template(body: str):
    return engines["django"].from_string("{% load translations %}" + body)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("body", "context", "node_class"), CASES)
def test_the_same_output_as_djangos_tag(body, context, node_class, language):
    ours = _project_template(body)
    reference = DJANGO.from_string("{% load i18n %}" + body)
    with translation.override(language):
        expected = reference.render(Context(context))
        assert ours.render(context) == expected
    assert [
        type(node) for node in ours.template.nodelist if isinstance(node, (TranslateNode, LiteralTranslateNode))
    ] == [node_class]


def test_a_literal_is_translated_to_the_language_of_each_render():
    template = _project_template('{% translate "Log out" %}')
    with translation.override("sv"):
        assert template.render({}) == "Logga ut"
    with translation.override("en"):
        assert template.render({}) == "Log out"


def test_every_template_of_samsyn_loads_this_library_rather_than_djangos():
    root = Path(__file__).resolve().parents[2]
    loading = {
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*")
        if path.is_file() and re.search(r"{%\s*load\b[^%]*\bi18n\b", path.read_text(encoding="utf-8"))
    }
    assert loading == set()
    assert any("{% load translations" in p.read_text(encoding="utf-8") for p in root.rglob("templates/base.html"))
