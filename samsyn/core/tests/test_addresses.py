"""The remembered reverse() and `{% url %}` give what Django's own give."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, TemplateSyntaxError, engines
from django.urls import NoReverseMatch, set_script_prefix
from django.urls import reverse as django_reverse
from django.utils import translation

from samsyn.core.lib import urls
from samsyn.core.templatetags.addresses import RememberedURLNode

# Django's own {% url %} (no builtins added), the reference.
DJANGO = Engine()


@pytest.mark.parametrize(
    ("viewname", "args", "kwargs"),
    [
        ("home", ["shk"], None),
        ("portfolio:initiative_detail", ["shk", "trygghet-i-skolan"], None),
        ("portfolio:initiative_detail", None, {"partnership_slug": "shk", "slug": "a"}),
        ("invitation_accept", ["å ä?&<", "t"], None),
        ("archive:document_detail", ["shk", 5], None),
        ("login", None, None),
    ],
)
def test_the_same_address_as_django_and_remembered(viewname, args, kwargs):
    urls._reverse.cache_clear()
    expected = django_reverse(viewname, args=args, kwargs=kwargs)
    assert urls.reverse(viewname, args=args, kwargs=kwargs) == expected
    assert urls.reverse(viewname, args=args, kwargs=kwargs) == expected
    assert urls._reverse.cache_info().hits == 1


def test_an_object_argument_is_not_remembered():
    class Slug:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    urls._reverse.cache_clear()
    slug = Slug("a")
    assert urls.reverse("home", args=[slug]) == "/a/"
    slug.text = "b"
    assert urls.reverse("home", args=[slug]) == "/b/"
    assert urls._reverse.cache_info().currsize == 0


def test_the_script_prefix_is_part_of_the_question():
    try:
        set_script_prefix("/samsyn/")
        assert urls.reverse("home", args=["shk"]) == "/samsyn/shk/"
    finally:
        set_script_prefix("/")
    assert urls.reverse("home", args=["shk"]) == "/shk/"


def test_a_name_that_does_not_reverse_fails_every_time():
    for __ in range(2):
        with pytest.raises(NoReverseMatch):
            urls.reverse("home", args=["not a slug/"])


TAGS = [
    ("{% url 'home' slug %}", {"slug": "shk"}),
    ("{% url 'portfolio:initiative_detail' slug initiative %}", {"slug": "shk", "initiative": "x"}),
    ("{% url 'portfolio:initiative_detail' partnership_slug=slug slug='x' %}", {"slug": "shk"}),
    ("{% url name slug %}", {"name": "home", "slug": "shk"}),
    ("{% url 'home' slug as address %}<{{ address }}>", {"slug": "shk"}),
    ("{% url 'home' 'not a slug/' as address %}<{{ address }}>", {}),
    ("{% url 'invitation_accept' '<&>' 't' %}", {}),
    ("{% autoescape off %}{% url 'invitation_accept' '<&>' 't' %}{% endautoescape %}", {}),
    ("{% url 'archive:document_detail' 'shk' pk %}", {"pk": 7}),
]


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize(("body", "context"), TAGS)
def test_the_url_tag_renders_as_djangos(body, context, language):
    ours = engines["django"].from_string(body)
    with translation.override(language):
        assert ours.render(context) == DJANGO.from_string(body).render(Context(context))
    assert len(ours.template.nodelist.get_nodes_by_type(RememberedURLNode)) == 1


def test_the_url_tag_fails_as_djangos_when_the_name_does_not_reverse():
    with pytest.raises(NoReverseMatch):
        engines["django"].from_string("{% url 'home' 'not a slug/' %}").render({})
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string("{% url %}")
