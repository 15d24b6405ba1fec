"""Queries per page do not grow with the data: the generator at 3 x 20 and at 3 x 40.

Timing targets live in the benchmark (python -m bench.run), not here: this test only
guards the property that makes them reachable at national scale, a fixed number of
queries per page whatever the number of initiatives.
"""

import pytest
from django.test import Client

from bench.generate import bench_users, generate
from bench.pages import PAGES, fetch, page_url
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
            client = Client()
            client.force_login(user)
            for page in PAGES:
                url = page_url(page, slug, focus_area_slug=focus_area.slug, initiative_slug=initiative.slug)
                sample = fetch(client, url, keep_response=True)
                assert sample.status == 200, f"{url} as {user.username}: {sample.status}"
                if page == "initiative_list":
                    # The list really shows the larger data set.
                    assert sample.response.context["page"].paginator.count == initiatives_per_partnership
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
