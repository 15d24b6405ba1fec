"""Queries per page do not grow with the data: the generator at 3 x 20 and at 3 x 40.

Timing targets live in the benchmark (python -m bench.run), not here: this test only
guards the property that makes them reachable at national scale, a fixed number of
queries per page whatever the number of initiatives.
"""

import pytest

from bench import yardstick
from bench.generate import bench_users, generate
from bench.pages import PAGES, cpu_on_reference, fetch, page_client, page_url
from samsyn.core.models import FocusArea
from samsyn.portfolio.models import Initiative

PARTNERSHIPS = 3


def queries_per_page(initiatives_per_partnership):
    """{(page, login): {query counts seen}} over every bench partnership and both logins."""
    seen = {}
    for slug, logins in sorted(bench_users().items()):
        # The same shape in every partnership and at both sizes (a page may run one more
        # query for an initiative in a testbed, say): that is data, not data size.
        initiative = (
            Initiative.objects.filter(
                partnership__slug=slug, testbed__isnull=False, owner__isnull=False, end__isnull=False
            )
            .order_by("pk")
            .last()
        )
        assert initiative is not None, slug
        focus_area = FocusArea.objects.filter(partnership__slug=slug).order_by("order").first()
        for login, user in sorted(logins.items()):
            for page in PAGES:
                url = page_url(page, slug, focus_area_slug=focus_area.slug, initiative_slug=initiative.slug)
                sample = fetch(page_client(page, user, slug), url, keep_response=True)
                assert sample.status == 200, f"{url} as {user.username}: {sample.status}"
                if page == "initiative_list":
                    # The list really shows the larger data set.
                    assert sample.response.context["page"].paginator.count == initiatives_per_partnership
                if page == "api_initiative_list":
                    assert sample.response.json()["count"] == initiatives_per_partnership
                if page == "initiative_list_filtered":
                    assert sample.response.context["page"].paginator.count > 0, url
                seen.setdefault((page, login), set()).add(sample.queries)
    return seen


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_data():
    generate(partnerships=PARTNERSHIPS, initiatives_per_partnership=20, seed=1)
    small = queries_per_page(20)
    generate(partnerships=PARTNERSHIPS, initiatives_per_partnership=40, seed=1, replace=True)
    large = queries_per_page(40)

    assert set(small) == {(page, login) for page in PAGES for login in ("lasare", "processledare")}
    for key in small:
        # One count per page and login, the same in every partnership and at both sizes.
        assert len(small[key]) == 1, f"{key}: queries differ between partnerships: {small[key]}"
        assert small[key] == large[key], f"{key}: {small[key]} queries at 3x20, {large[key]} at 3x40"


@pytest.mark.django_db
def test_generate_refuses_existing_bench_data():
    generate(partnerships=1, initiatives_per_partnership=2)
    with pytest.raises(RuntimeError):
        generate(partnerships=1, initiatives_per_partnership=2)


# A partnership with one full page of the list (PAGE_SIZE = 50) and one with four pages' worth.
SIZES = (60, 200)
# Left out: the filtered list, which matches fewer than a page's worth among 60 (the unfiltered
# list draws the same rows); and the initiative page, whose relation form still offers every
# initiative of the partnership as a choice, so that its size grows with the portfolio (the page is
# being rebuilt with forms loaded on demand).
SAME_SIZE_PAGES = [page for page in PAGES if page not in ("initiative_list_filtered", "initiative_detail")]


@pytest.mark.django_db
def test_pages_are_the_same_size_with_few_and_many_initiatives():
    generate(partnerships=0, initiatives_per_partnership=0, seed=1, extra_sizes=SIZES)
    users = bench_users()
    sizes = {}
    for k, size in enumerate(SIZES):
        slug = f"bench-{k:03d}"
        assert Initiative.objects.filter(partnership__slug=slug).count() == size
        focus_area = FocusArea.objects.filter(partnership__slug=slug).order_by("order").first()
        for page in SAME_SIZE_PAGES:
            client = page_client(page, users[slug]["processledare"], slug)
            sample = fetch(client, page_url(page, slug, focus_area_slug=focus_area.slug))
            assert sample.status == 200, page
            sizes[(page, size)] = sample.size
    small, large = SIZES
    for page in SAME_SIZE_PAGES:
        # Names and counts differ a little between the two partnerships; lists of every initiative would not.
        assert abs(sizes[(page, large)] - sizes[(page, small)]) <= 0.05 * sizes[(page, small)], (
            f"{page}: {sizes[(page, small)]} bytes with {small} initiatives, {sizes[(page, large)]} with {large}"
        )


REF = yardstick.REFERENCE_MS


@pytest.mark.parametrize(
    "cpu,yard,expected",
    [
        (6.0, REF, 6.0),  # the reference machine
        (6.0, 2 * REF, 3.0),  # twice as slow: half
        (6.0, REF / 2, 6.0),  # a faster machine: as measured
        (6.0, 0.0, 6.0),
    ],
)
def test_cpu_on_reference(cpu, yard, expected):
    assert cpu_on_reference(cpu, yard) == pytest.approx(expected)


def test_the_yardstick_is_fixed_work_that_takes_time():
    # The same output every time, from an engine that knows no project template or tag.
    template, context = yardstick._template()
    assert template.render(context) == template.render(context)
    assert template.engine.builtins == template.engine.default_builtins
    assert template.engine.dirs == [] and template.engine.libraries == {}
    assert yardstick.run() > 0
    assert pytest.approx(1.2 / yardstick.SIGN_IN_PAGE_OVER_YARDSTICK) == yardstick.REFERENCE_MS
