"""Templates are compiled once per process: pages and the form renderer read them through Django's
cached loader, so no request parses a template file again."""

from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader


def test_pages_use_the_cached_template_loader():
    loaders = engines["django"].engine.template_loaders
    assert len(loaders) == 1
    assert isinstance(loaders[0], CachedLoader)
    names = [type(loader).__module__ for loader in loaders[0].loaders]
    assert names == ["django.template.loaders.filesystem", "django.template.loaders.app_directories"]


def test_form_widgets_and_fields_use_the_cached_template_loader():
    renderer = get_default_renderer()
    assert isinstance(renderer.engine.engine.template_loaders[0], CachedLoader)
    # The second time a field template is asked for, it comes from the cache.
    first = renderer.get_template("core/forms/field.html")
    assert renderer.get_template("core/forms/field.html").template is first.template
