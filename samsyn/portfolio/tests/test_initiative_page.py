"""The initiative page as its 360° view: sections with summaries, forms fetched on demand, the
relation picker, and a page whose size and queries do not grow with the partnership."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.core.models import Partnership
from samsyn.core.testing.browser import assert_accessible
from samsyn.portfolio.models import Initiative, LearningEntry, PhaseChange, Relation, StatusUpdate
from samsyn.portfolio.tests.bulk import initiatives_bulk_create
from samsyn.portfolio.views.learning import PICKER_LIMIT

OWNED = "cornerstone-indicators"  # owned by the demo initiative owner (Johannes Finnman)
BARN = "studentcoacher"
ALDRE = "maltider-och-moten"
HX = {"HTTP_HX_REQUEST": "true"}
SECTIONS = ["phase", "status", "money", "decisions", "meetings", "documents", "kpis", "learning", "relations"]


def english(client):
    """Texts are asserted in English: the Swedish catalogue is merged separately."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, slug=OWNED):
    response = client.get(f"/shk/initiativ/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html, key):
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]


def summaries(html):
    return dict(re.findall(r'<section id="(\w+)".*?<p class="i360-summary">(.*?)</p>', html, re.S))


# ---------------------------------------------------------------- sections and summaries


def test_every_section_has_a_heading_a_summary_and_an_entry_in_the_contents(client_as, shk):
    html = page(english(client_as("processledare")))
    found = summaries(html)
    assert list(found) == [*SECTIONS[:7], "effects", "learning", "relations", "related"]
    assert all(text.strip() for text in found.values())
    toc = html[html.index('<nav class="i360-toc"') :]
    toc = toc[: toc.index("</nav>")]
    for key in found:
        assert f'href="#{key}"' in toc
        assert f'<h2 id="{key}-heading">' in section(html, key)


def test_summaries_say_what_the_section_holds(client_as, shk):
    target = Initiative.objects.get(partnership=shk, slug=OWNED)
    for k in range(3):
        LearningEntry.objects.create(
            partnership=shk, initiative=target, kind="lesson", date=date(2024, 3, k + 1), text=f"L{k}"
        )
    StatusUpdate.objects.create(
        partnership=shk, initiative=target, date=date(2024, 5, 2), colour="yellow", text="Väntar"
    )
    found = summaries(page(english(client_as("processledare"))))
    latest = PhaseChange.objects.filter(initiative=target).latest("date", "pk")
    changes = PhaseChange.objects.filter(initiative=target).count()
    assert found["phase"] == f"{target.get_phase_display()} since {latest.date:%-d %B %Y} · {changes} phase changes"
    assert found["status"] == "Latest status: Yellow on 2 May 2024"
    learnt = LearningEntry.objects.filter(initiative=target).count()
    assert found["learning"] == f"{learnt} entries in the learning log"
    relations = Relation.objects.filter(source=target).count() + Relation.objects.filter(target=target).count()
    assert found["relations"].endswith("relations") and int(found["relations"].split()[0]) >= relations


def test_empty_sections_say_what_to_do_next_and_who_does_it(client_as, shk):
    html = page(english(client_as("lasare")), "portfoljstyrning-i-dromfabriken")
    assert "No status has been recorded yet. The initiative owner, the Core Team" in section(html, "status")
    assert "Nothing has been written in the learning log yet. The initiative owner" in section(html, "learning")
    assert "No KPI follows the initiative yet. The process support office" in section(html, "kpis")


def test_money_is_shown_only_to_those_who_read_the_accounts(client_as, shk):
    assert 'id="money"' in page(client_as("ekonomi"))
    assert 'id="money"' not in page(client_as("initiativagare"))


# ---------------------------------------------------------------- forms on demand


# The forms of the page: relation.change, status.add, learning.add, initiative.move_phase.
FORMS = {
    "relation": "/shk/larande/initiativ/{slug}/relation/",
    "status": "/shk/larande/initiativ/{slug}/status/",
    "learning": "/shk/larande/initiativ/{slug}/logg/",
    "phase": "/shk/portfolj/initiativ/{slug}/historik/",
}


def test_the_page_renders_no_form_to_add_anything(client_as, shk):
    html = page(client_as("processledare"))
    for url in FORMS.values():
        action = url.format(slug=OWNED)
        assert f'action="{action}"' not in html
        # The button that opens it: a link to the form's page that htmx fetches into the section.
        assert re.search(rf'<a class="ds-button"[^>]*href="{re.escape(action)}"[^>]*hx-get="{re.escape(action)}"', html)
    assert 'name="target"' not in html and "<select" not in html.split('id="lang-select"', 1)[1]


@pytest.mark.parametrize("what", list(FORMS))
def test_a_fragment_request_returns_the_form_alone(client_as, shk, what):
    url = FORMS[what].format(slug=OWNED)
    response = client_as("processledare").get(url, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "<html" not in html and "<form" in html and f'action="{url}"' in html
    # Without JavaScript the same address is a whole page with the form.
    full = client_as("processledare").get(url).content.decode()
    assert "<html" in full and f'action="{url}"' in full


# Who may open which form: the role × action matrix of the policy, on the fragments.
@pytest.mark.parametrize(
    "username,slug,allowed",
    [
        ("admin", ALDRE, {"relation", "status", "learning", "phase"}),
        ("processledare", BARN, {"relation", "status", "learning", "phase"}),
        ("coreteam-barn", BARN, {"relation", "status", "learning", "phase"}),
        ("coreteam-barn", ALDRE, set()),
        ("coreteam-aldre", ALDRE, {"relation", "status", "learning", "phase"}),
        ("initiativagare", OWNED, {"relation", "status", "learning"}),
        ("initiativagare", BARN, {"learning"}),
        ("styrelse", BARN, set()),
        ("ekonomi", BARN, set()),
        ("lasare", OWNED, set()),
    ],
)
def test_who_may_open_which_form(client_as, shk, username, slug, allowed):
    client = client_as(username)
    html = page(client, slug)
    for what, url in FORMS.items():
        url = url.format(slug=slug)
        response = client.get(url, **HX)
        assert response.status_code == (200 if what in allowed else 403), what
        assert (f'hx-get="{url}"' in html) is (what in allowed), what
    picker = client.get(f"/shk/larande/initiativ/{slug}/relation/sok/?q=a", **HX)
    assert picker.status_code == (200 if "relation" in allowed else 403)


def test_a_phase_change_from_the_page_goes_back_to_its_section(client_as, shk):
    client = client_as("processledare")
    url = f"/shk/portfolj/initiativ/{BARN}/historik/"
    fragment = client.get(url, **HX).content.decode()
    assert 'name="back" value="initiative"' in fragment
    data = {"phase": "completed", "date": "2024-06-01", "decision": "Core Team 2024-06-01", "source": ""}
    response = client.post(url, {**data, "back": "initiative"})
    assert response.status_code == 302 and response["Location"] == f"/shk/initiativ/{BARN}/#phase"
    # From the history page itself, back to the history as before.
    response = client.post(url, {**data, "date": "2024-06-02", "phase": "ongoing"})
    assert response.status_code == 302 and response["Location"] == url


# ---------------------------------------------------------------- the relation picker


@pytest.fixture
def other_partnership(db):
    other = Partnership.objects.create(slug="annat", name="Ett annat partnerskap")
    Initiative.objects.create(partnership=other, slug="studentcoacher-annat", name="Studentcoacher i annat partnerskap")
    return other


def options(html):
    return re.findall(r'<input class="ds-input" type="radio" name="target" value="([^"]+)"', html)


def test_picker_offers_only_the_own_partnerships_initiatives(client_as, shk, other_partnership):
    client = client_as("processledare")
    html = client.get(f"/shk/larande/initiativ/{OWNED}/relation/sok/?q=studentcoach", **HX).content.decode()
    assert options(html) == ["studentcoacher"]
    assert "annat" not in html


def test_picker_offers_at_most_a_few_and_never_the_initiative_itself(client_as, shk):
    initiatives_bulk_create(shk, 25, name="Gemensamt namn {k}", relations={})
    client = client_as("processledare")
    found = options(client.get(f"/shk/larande/initiativ/{OWNED}/relation/sok/?q=gemensamt namn", **HX).content.decode())
    assert len(found) == PICKER_LIMIT and all(slug.startswith("extra-") for slug in found)
    itself = options(client.get(f"/shk/larande/initiativ/{OWNED}/relation/sok/?q=cornerstone", **HX).content.decode())
    assert OWNED not in itself
    nothing = english(client).get(f"/shk/larande/initiativ/{OWNED}/relation/sok/?q=zzzqqq", **HX).content.decode()
    assert options(nothing) == [] and "No other initiative's name contains “zzzqqq”" in nothing


def test_without_javascript_search_then_choose_then_add(client_as, shk):
    client = english(client_as("processledare"))
    url = f"/shk/larande/initiativ/{OWNED}/relation/"
    # The search button sends the whole form by GET: what was typed comes back with the matches.
    html = client.get(url, {"kind": "learns_from", "q": "studentcoach", "note": "Samma målgrupp"}).content.decode()
    assert options(html) == ["studentcoacher"]
    assert 'value="studentcoach"' in html and "Samma målgrupp" in html
    assert re.search(r'<option value="learns_from"[^>]*selected', html)
    response = client.post(
        url, {"kind": "learns_from", "q": "studentcoach", "target": "studentcoacher", "note": "Samma målgrupp"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/shk/initiativ/{OWNED}/#relations")
    assert Relation.objects.filter(source__slug=OWNED, target__slug="studentcoacher", kind="learns_from").exists()


def test_an_invalid_relation_keeps_the_input_and_says_what_is_wrong(client_as, shk, other_partnership):
    client = english(client_as("processledare"))
    url = f"/shk/larande/initiativ/{OWNED}/relation/"
    response = client.post(url, {"kind": "builds_on", "q": "studentcoach", "note": "Min anteckning"})
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "Search for the other initiative and choose it." in html
    assert 'value="studentcoach"' in html and "Min anteckning" in html and options(html) == ["studentcoacher"]
    # Another partnership's initiative cannot be chosen by sending its slug.
    response = client.post(url, {"kind": "builds_on", "target": "studentcoacher-annat"})
    assert response.status_code == 200 and "Choose one of the initiatives found." in response.content.decode()
    assert not Relation.objects.filter(source__slug=OWNED, target__slug="studentcoacher-annat").exists()


def test_swedish_texts_on_the_page(client_as, shk):
    Relation.objects.filter(source__slug=OWNED).delete()
    html = page(client_as("processledare"))
    assert "Lägg till koppling" in html and "På den här sidan" in html and "Kopplingar till andra initiativ" in html


def test_relations_are_removed_from_the_on_demand_form_not_the_page(client_as, shk):
    relation = Relation.objects.create(
        partnership=shk,
        source=Initiative.objects.get(partnership=shk, slug=OWNED),
        target=Initiative.objects.get(partnership=shk, slug=BARN),
        kind="learns_from",
    )
    client = english(client_as("processledare"))
    remove = f'action="/shk/larande/relation/{relation.pk}/ta-bort/"'
    html = page(client)
    assert remove not in html and "Add or remove a relation" in html
    fragment = client.get(f"/shk/larande/initiativ/{OWNED}/relation/", **HX).content.decode()
    assert remove in fragment


# ---------------------------------------------------------------- size and queries


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content


def _grow(shk, n, start):
    """`n` more initiatives, each related to the page's initiative, with a document, a learning entry
    and a status update about the page's initiative."""
    target = Initiative.objects.get(partnership=shk, slug=OWNED)
    created = Initiative.objects.bulk_create(
        Initiative(partnership=shk, slug=f"grow-{start + k}", name=f"Växande {start + k}", testbed=target.testbed)
        for k in range(n)
    )
    Relation.objects.bulk_create(
        Relation(partnership=shk, source=target, target=i, kind="learns_from") for i in created
    )
    Relation.objects.bulk_create(Relation(partnership=shk, source=i, target=target, kind="builds_on") for i in created)
    LearningEntry.objects.bulk_create(
        LearningEntry(partnership=shk, initiative=target, kind="insight", date=date(2024, 1, 1), text=f"x{k}")
        for k in range(n)
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(partnership=shk, initiative=target, date=date(2024, 1, 1), colour="green", text=f"s{k}")
        for k in range(n)
    )


@pytest.mark.parametrize("username", ["processledare", "initiativagare", "lasare"])
def test_the_page_runs_a_fixed_number_of_queries(client_as, shk, username, no_search_index):
    client = client_as(username)
    url = f"/shk/initiativ/{OWNED}/"
    _grow(shk, 3, 0)
    few, __ = _get(client, url)
    _grow(shk, 30, 3)
    many, __ = _get(client, url)
    assert many == few


def test_page_size_is_the_same_at_10_and_1000_initiatives(client_as, shk):
    client = client_as("processledare")
    url = f"/shk/initiativ/{OWNED}/"
    existing = Initiative.objects.filter(partnership=shk).count()
    initiatives_bulk_create(shk, 10 - min(existing, 10), name="Liten {k}", relations={})
    queries, small = _get(client, url)
    Initiative.objects.filter(partnership=shk, slug__startswith="extra-").delete()
    initiatives_bulk_create(shk, 1000 - existing, name="Stor {k}", relations={})
    assert Initiative.objects.filter(partnership=shk).count() >= 1000
    queries_at_1000, large = _get(client, url)
    assert len(large) == len(small) and queries_at_1000 == queries


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_open_the_relation_form_pick_an_initiative_and_add_it_in_a_browser(new_page):
    from playwright.sync_api import expect

    browser_page = new_page(username="processledare")
    browser_page.goto(f"/shk/initiativ/{OWNED}/")
    assert_accessible(browser_page, "initiative page")
    expect(browser_page.locator("#relations form")).to_have_count(0)
    browser_page.locator("#relations a.ds-button").click()
    # The form takes the focus once htmx has put it in place (so a screen reader lands on it): wait
    # for that before typing, or the focus moves away from the search field mid-word.
    expect(browser_page.locator("#relations form")).to_be_focused()
    picker = browser_page.locator("#id_relation_q")
    expect(picker).to_be_visible()
    picker.press_sequentially("studentcoach", delay=20)
    option = browser_page.locator("#relation-options input[type=radio]")
    expect(option).to_have_count(1)
    assert_accessible(browser_page, "initiative page with the relation form open")
    option.check()
    browser_page.locator("#id_relation_kind").select_option("learns_from")
    with browser_page.expect_navigation():
        browser_page.locator("#relations button[type=submit]", has_text="Lägg till").last.click()
    expect(browser_page.locator("#relations")).to_contain_text("Studentcoacher")

    browser_page.locator("#status a.ds-button").click()
    expect(browser_page.locator("#status-form form")).to_be_visible()
    assert_accessible(browser_page, "initiative page with the status form open")
