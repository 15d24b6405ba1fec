"""Facets: how many of a search's matches are of each kind, year and focus area, on both databases,
counted as the viewer may read, and offered as links that narrow the search."""

from datetime import date
from urllib.parse import urlencode

import lxml.html
import pytest

from samsyn.core.models import FocusArea
from samsyn.portfolio.models import Initiative
from samsyn.search.engine import Facets, SearchQuery, facets_count, search_run
from samsyn.search.tests.test_search import actor_with

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "rows,expected",
    [
        ([], Facets()),
        (
            [
                ("document", 2024, "|3|", "|40|41|", 2),
                ("document", 2023, "", "", 1),
                ("initiative", None, "|3|5|", "|41|", 4),
            ],
            Facets(
                total=7,
                kinds={"initiative": 4, "document": 3},
                years={2024: 2, 2023: 1},
                focus_areas={3: 6, 5: 4},
                initiatives={41: 6, 40: 2},
            ),
        ),
        # Equal counts: the kind by name, the newest year first, the focus area and initiative by number.
        (
            [("meeting", 2022, "|9|", "|8|", 1), ("document", 2023, "|2|", "|7|", 1)],
            Facets(
                total=2,
                kinds={"document": 1, "meeting": 1},
                years={2023: 1, 2022: 1},
                focus_areas={2: 1, 9: 1},
                initiatives={7: 1, 8: 1},
            ),
        ),
    ],
)
def test_facets_count(rows, expected):
    assert facets_count(rows) == expected


def every_hit(shk, text, actor):
    return search_run(shk, actor, SearchQuery(text=text, limit=1000, facets=True))


@pytest.mark.parametrize("roles", [(), ("reader",), ("administrator",)])
def test_the_facets_count_the_matches_the_viewer_may_read(shk, register, roles):
    area = FocusArea.objects.filter(partnership=shk).order_by("pk").first()
    initiative = Initiative.objects.filter(partnership=shk, focus_areas=area).first()
    register("a.txt", "Fågelholkar i parken", on=date(2021, 3, 1), initiatives=[initiative], access="public")
    register("b.txt", "Fågelholkar i skogen", on=date(2024, 3, 1), access="internal")
    register("c.txt", "Fågelholkar för styrelsen", on=date(2024, 5, 1), access="restricted", roles=["board_member"])
    result = every_hit(shk, "fågelholkar", actor_with(shk, *roles) if roles else None)
    facets = result.facets
    assert facets is not None and facets.total == len(result.hits) > 0
    kinds: dict[str, int] = {}
    years: dict[int, int] = {}
    for hit in result.hits:
        kinds[hit.kind] = kinds.get(hit.kind, 0) + 1
        if hit.year:
            years[hit.year] = years.get(hit.year, 0) + 1
    assert facets.kinds == dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0])))
    assert facets.years == dict(sorted(years.items(), key=lambda item: (-item[1], -item[0])))
    assert facets.focus_areas.get(area.pk, 0) >= 1
    # The internal and board-only texts count only for those who may read them.
    expected_2024 = {(): 0, ("reader",): 1, ("administrator",): 2}[roles]
    assert facets.years.get(2024, 0) == expected_2024


def test_an_initiative_narrows_to_the_texts_about_it(shk, register):
    first, second = Initiative.objects.filter(partnership=shk).order_by("pk")[:2]
    register("a.txt", "Vattenspeglar i parken", initiatives=[first])
    register("b.txt", "Vattenspeglar på torget", initiatives=[first, second])
    register("c.txt", "Vattenspeglar vid ån")
    admin = actor_with(shk, "administrator")
    every = search_run(shk, admin, SearchQuery(text="vattenspeglar", facets=True))
    assert every.facets is not None and every.facets.initiatives == {first.pk: 2, second.pk: 1}
    narrowed = search_run(shk, admin, SearchQuery(text="vattenspeglar", initiative_id=second.pk, facets=True))
    assert [h.filename for h in narrowed.hits] == ["b.txt"]
    # The facet still shows every initiative's count, so that another can be chosen.
    assert narrowed.facets is not None and narrowed.facets.initiatives == {first.pk: 2, second.pk: 1}


def test_the_facets_stay_whole_when_the_search_is_narrowed(shk, register):
    register("a.txt", "Humlebon i ängen", on=date(2021, 3, 1))
    register("b.txt", "Humlebon vid vägen", on=date(2024, 3, 1))
    admin = actor_with(shk, "administrator")
    narrowed = search_run(shk, admin, SearchQuery(text="humlebon", year=2021, facets=True))
    assert len(narrowed.hits) == 1
    assert narrowed.facets is not None and narrowed.facets.years == {2024: 1, 2021: 1}


def facet_buttons(html, heading):
    """[(label, query it sends, pressed)] of a facet's choices: each a button of a small GET form."""
    tree = lxml.html.fromstring(html)
    [form] = [
        f for f in tree.xpath('//div[@class="search-facets"]//form') if f.xpath("h3")[0].text_content() == heading
    ]
    kept = [(i.get("name"), i.get("value")) for i in form.xpath('.//input[@type="hidden"]')]
    return [
        (b.text_content().strip(), urlencode([*kept, (b.get("name"), b.get("value"))]), b.get("aria-pressed"))
        for b in form.xpath(".//button")
    ]


def test_the_search_page_offers_the_facets_in_swedish_and_a_choice_narrows_the_search(client_as, shk, register):
    register("a.txt", "Fladdermöss i kyrktornet", on=date(2021, 3, 1))
    register("b.txt", "Fladdermöss i ladan", on=date(2024, 3, 1))
    client = client_as("processledare")
    html = client.get("/shk/arkiv/?q=fladdermöss").content.decode()
    years = facet_buttons(html, "År")
    assert [(label, pressed) for label, __, pressed in years] == [("2024 (1)", "false"), ("2021 (1)", "false")]
    assert facet_buttons(html, "Typ")[0][0] == "Handling (2)"
    # No facet is a link a crawler would follow into every combination.
    assert "year=2021" not in html
    narrowed = client.get("/shk/arkiv/?" + years[1][1]).content.decode()
    assert "Fladdermöss i kyrktornet" in narrowed and "Fladdermöss i ladan" not in narrowed
    chosen = facet_buttons(narrowed, "År")
    assert [(label, pressed) for label, __, pressed in chosen if pressed == "true"] == [("2021 (1)", "true")]
    [clear_query] = [query for label, query, __ in chosen if label == "Alla år"]
    everything = client.get("/shk/arkiv/?" + clear_query).content.decode()
    assert "Fladdermöss i kyrktornet" in everything and "Fladdermöss i ladan" in everything


def test_an_initiative_is_chosen_among_the_facets_by_its_name(client_as, shk, register):
    first = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    register("a.txt", "Vattenspeglar i parken", initiatives=[first])
    register("b.txt", "Vattenspeglar vid ån")
    client = client_as("processledare")
    html = client.get("/shk/arkiv/?q=vattenspeglar").content.decode()
    buttons = facet_buttons(html, "Initiativ")
    assert [(label, pressed) for label, __, pressed in buttons] == [("Studentcoacher (1)", "false")]
    narrowed = client.get("/shk/arkiv/?" + buttons[0][1]).content.decode()
    assert "Vattenspeglar i parken" in narrowed and "Vattenspeglar vid ån" not in narrowed
    chosen = facet_buttons(narrowed, "Initiativ")
    assert ("Studentcoacher (1)", "true") in [(label, pressed) for label, __, pressed in chosen]
    assert "Alla initiativ" in [label for label, __, __ in chosen]
