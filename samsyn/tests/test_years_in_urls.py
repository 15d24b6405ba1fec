"""A year no page can be about, in a path or in a query string, is a 404 page in Swedish, never a 500."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

BAD_YEARS = ["0", "10000", "99999999999999999999"]


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_year_in_a_path_is_a_year_converter():
    """`<int:year>` would let any number through to the view; `<year:year>` lets only years match."""
    wrong = []
    for route, entry in _patterns(get_resolver()):
        converters = getattr(entry.pattern, "converters", {})
        for name, converter in converters.items():
            if "year" in name and isinstance(converter, IntConverter):
                wrong.append(route)
    assert wrong == []


@pytest.mark.parametrize("year", BAD_YEARS)
@pytest.mark.parametrize("suffix", ["", "pdf/", "docx/"])
def test_annual_report_of_a_year_out_of_range_is_not_found(client_as, year, suffix):
    response = client_as("styrelse").get(f"/shk/uppfoljning/verksamhetsberattelse/{year}/{suffix}")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.parametrize("year", [*BAD_YEARS, "abc", "-1"])
@pytest.mark.parametrize(
    "path", ["/shk/styrning/verksamhetsmal/", "/shk/uppfoljning/plan/", "/shk/uppfoljning/evenemang/"]
)
def test_a_year_out_of_range_in_a_query_string_is_not_found(client_as, year, path):
    response = client_as("admin").get(path, {"year": year})
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
