"""The start page's counts read as localize() writes them, in both languages, at the edges of the fast way."""

import pytest
from django.utils import translation
from django.utils.formats import localize

from samsyn.portfolio.fragments import _count


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("n", [0, 1, 9, 10, 999, 1000, 1001, 12345, 1_000_000, -1, -1000])
def test_a_count_reads_as_localize_has_it(language, n):
    with translation.override(language):
        assert _count(n) == localize(n)
