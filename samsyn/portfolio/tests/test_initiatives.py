"""The initiative list, page and form, as the demo roles use them."""

import lxml.html
import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from samsyn.core.models import AuditEntry, FocusArea, Organization, Person
from samsyn.portfolio import models as portfolio_models  # Testbed by name would look like a test class
from samsyn.portfolio.models import Initiative, Perspective, Phase
from samsyn.portfolio.tests.bulk import initiatives_bulk_create


def names(response):
    return {i.name for i in response.context["page"].object_list}


def test_list_shows_all_initiatives(client_as, shk):
    response = client_as("lasare").get("/shk/initiativ/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == Initiative.objects.filter(partnership=shk).count()


@pytest.mark.parametrize(
    "query,included,excluded",
    [
        ("focus_area=aldre", "Måltider och möten", "Cornerstone Indicators"),
        ("focus_area=barn-och-unga", "Cornerstone Indicators", "Måltider och möten"),
        ("phase=phase_2", "Cornerstone Indicators", "Måltider och möten"),
        ("testbed=skultuna", "PUG Civilsamhälle", "Måltider och möten"),
        ("q=cornerstone", "Cornerstone Indicators", "Studentcoacher"),
        ("party=eskilstuna&focus_area=aldre", "Hälsofrämjande team", "Cornerstone Indicators"),
    ],
)
def test_filters(client_as, shk, query, included, excluded):
    shown = names(client_as("lasare").get(f"/shk/initiativ/?{query}"))
    assert any(n.startswith(included) for n in shown), shown
    assert not any(n.startswith(excluded) for n in shown)


def test_filter_by_perspective(client_as, shk):
    initiative = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    perspective = Perspective.objects.filter(partnership=shk).first()
    initiative.perspectives.add(perspective)
    shown = names(client_as("lasare").get(f"/shk/initiativ/?perspective={perspective.slug}"))
    assert "Studentcoacher" in shown


def test_unknown_filter_value_is_a_form_error_not_a_crash(client_as, shk):
    response = client_as("lasare").get("/shk/initiativ/?focus_area=finns-inte&phase=nope")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_htmx_request_gets_only_the_results(client_as, shk):
    response = client_as("lasare").get("/shk/initiativ/?phase=phase_2", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Cornerstone" in html


def row_of(html, name):
    for row in lxml.html.fromstring(html).xpath("//tbody/tr"):
        if row.xpath("th/a")[0].text_content() == name:
            return row
    raise AssertionError(f"no row named {name!r}")


def test_a_row_shows_its_values_escaped_with_its_focus_areas_and_parties_in_order(client_as, shk):
    initiative = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    initiative.name = 'Studentcoacher <script>alert("x")</script> & co'
    initiative.save()
    response = client_as("lasare").get("/shk/initiativ/?q=studentcoacher")
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html
    row = row_of(html, initiative.name)
    cells = {td.get("data-label"): td.text_content() for td in row.xpath("td")}
    expected_areas = ", ".join(fa.name for fa in initiative.focus_areas.order_by("order", "name"))
    expected_parties = ", ".join(o.short_name or o.name for o in initiative.parties.order_by("name"))
    assert expected_areas
    assert cells["Fokusområde"] == expected_areas
    assert cells["Parter"] == expected_parties
    assert cells["Fas"] == initiative.get_phase_display()
    assert row.xpath("th/a")[0].get("href") == f"/shk/initiativ/{initiative.slug}/"


def test_the_filters_show_a_new_choice_and_the_values_asked_for(client_as, shk):
    client = client_as("lasare")
    client.get("/shk/initiativ/")  # the filters' HTML is now kept for these choices
    FocusArea.objects.create(partnership=shk, slug="ny", name="Ett nytt fokusområde", order=9)
    html = client.get("/shk/initiativ/?phase=phase_2").content.decode()
    assert '<option value="ny">Ett nytt fokusområde</option>' in html
    assert '<option value="phase_2" selected>' in html
    html = client.get("/shk/initiativ/").content.decode()
    assert '<option value="phase_2" selected>' not in html


def test_initiative_page(client_as, shk):
    html = client_as("lasare").get("/shk/initiativ/cornerstone-indicators/").content.decode()
    assert "Cornerstone Indicators" in html
    assert "Alla barn och unga lyckas" in html
    assert "Fas 2" in html
    assert ">Ändra</a>" not in html  # a reader is not offered the edit button


def test_initiative_page_offers_the_edit_button_to_the_process_leader(client_as, shk):
    html = client_as("processledare").get("/shk/initiativ/cornerstone-indicators/").content.decode()
    assert ">Ändra</a>" in html


def test_unknown_initiative_is_404(client_as, shk):
    assert client_as("lasare").get("/shk/initiativ/finns-inte/").status_code == 404


# Role × action over HTTP: who may open the edit form of which initiative, and create.
BARN_INITIATIVE = "studentcoacher"
ALDRE_INITIATIVE = "maltider-och-moten"
OWNED = "cornerstone-indicators"  # owned by the demo initiative owner


@pytest.mark.parametrize(
    "username,slug,allowed",
    [
        ("admin", BARN_INITIATIVE, True),
        ("processledare", ALDRE_INITIATIVE, True),
        ("coreteam-barn", BARN_INITIATIVE, True),
        ("coreteam-barn", ALDRE_INITIATIVE, False),
        ("coreteam-aldre", ALDRE_INITIATIVE, True),
        ("coreteam-aldre", BARN_INITIATIVE, False),
        ("initiativagare", OWNED, True),
        ("initiativagare", ALDRE_INITIATIVE, False),
        ("styrelse", BARN_INITIATIVE, False),
        ("ekonomi", BARN_INITIATIVE, False),
        ("lasare", BARN_INITIATIVE, False),
        ("lasare", OWNED, False),
    ],
)
def test_who_may_edit_which_initiative(client_as, shk, username, slug, allowed):
    client = client_as(username)
    assert client.get(f"/shk/initiativ/{slug}/andra/").status_code == (200 if allowed else 403)
    before = Initiative.objects.get(partnership=shk, slug=slug).description
    response = client.post(f"/shk/initiativ/{slug}/andra/", edit_data(shk, slug, description="Ändrad"))
    assert response.status_code == (302 if allowed else 403)
    after = Initiative.objects.get(partnership=shk, slug=slug).description
    assert (after == "Ändrad") is allowed
    if not allowed:
        assert after == before
    detail = client.get(f"/shk/initiativ/{slug}/").content.decode()
    assert (f"/shk/initiativ/{slug}/andra/" in detail) is allowed


@pytest.mark.parametrize(
    "username,allowed",
    [
        ("admin", True),
        ("processledare", True),
        ("coreteam-barn", True),
        ("coreteam-aldre", True),
        ("initiativagare", False),
        ("styrelse", False),
        ("ekonomi", False),
        ("lasare", False),
    ],
)
def test_who_may_create(client_as, shk, username, allowed):
    assert client_as(username).get("/shk/initiativ/nytt/").status_code == (200 if allowed else 403)


def edit_data(shk, slug, **changes):
    initiative = Initiative.objects.get(partnership=shk, slug=slug)
    data = {
        "name": initiative.name,
        "description": initiative.description,
        "phase": initiative.phase,
        "focus_areas": [fa.pk for fa in initiative.focus_areas.all()],
        "societal_goals": [g.pk for g in initiative.societal_goals.all()],
        "perspectives": [p.pk for p in initiative.perspectives.all()],
        "owner": initiative.owner_id or "",
        "parties": [o.pk for o in initiative.parties.all()],
        "partners": [o.pk for o in initiative.partners.all()],
        "disciplines": [d.pk for d in initiative.disciplines.all()],
        "testbed": initiative.testbed_id or "",
        "start": initiative.start or "",
        "end": initiative.end or "",
    }
    data.update(changes)
    return data


def test_core_team_member_cannot_move_an_initiative_into_the_other_focus_area(client_as, shk):
    aldre = FocusArea.objects.get(partnership=shk, slug="aldre")
    response = client_as("coreteam-barn").post(
        f"/shk/initiativ/{BARN_INITIATIVE}/andra/", edit_data(shk, BARN_INITIATIVE, focus_areas=[aldre.pk])
    )
    assert response.status_code == 403
    assert not Initiative.objects.get(partnership=shk, slug=BARN_INITIATIVE).focus_areas.filter(pk=aldre.pk).exists()


def test_core_team_member_creates_in_own_focus_area_and_it_is_audited(client_as, shk):
    barn = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    response = client_as("coreteam-barn").post(
        "/shk/initiativ/nytt/", {"name": "Läxhjälp i Skultuna", "phase": Phase.EXPLORING, "focus_areas": [barn.pk]}
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get(partnership=shk, slug="laxhjalp-i-skultuna")
    entry = AuditEntry.objects.get(
        object_type="portfolio.initiative", object_id=str(initiative.pk), action="initiative.create"
    )
    assert initiative.phase_changes.get().phase == Phase.EXPLORING
    assert entry.action == "initiative.create" and entry.user.username == "coreteam-barn"
    assert entry.before is None and entry.after["phase"] == "exploring"


def test_change_is_audited_with_before_and_after(client_as, shk):
    client_as("processledare").post(
        f"/shk/initiativ/{BARN_INITIATIVE}/andra/", edit_data(shk, BARN_INITIATIVE, phase=Phase.COMPLETED)
    )
    initiative = Initiative.objects.get(partnership=shk, slug=BARN_INITIATIVE)
    entry = AuditEntry.objects.filter(object_id=str(initiative.pk), action="initiative.change").get()
    assert entry.after["phase"] == "completed" and entry.before["phase"] != "completed"


def test_invalid_form_names_the_field_and_saves_nothing(client_as, shk):
    count = Initiative.objects.count()
    response = client_as("processledare").post(
        "/shk/initiativ/nytt/", {"name": "", "phase": "nope", "start": "2024-05-01", "end": "2024-01-01"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html and "Slutdatumet ligger före startdatumet." in html
    assert Initiative.objects.count() == count


def test_the_form_asks_for_no_short_name(client_as, shk):
    html = client_as("processledare").get("/shk/initiativ/nytt/").content.decode()
    assert 'name="name"' in html
    assert 'name="slug"' not in html and "Kortnamn i adresser" not in html


def test_a_name_already_taken_gets_the_next_free_short_name(client_as, shk):
    barn = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    client = client_as("processledare")
    for expected in ["studentcoacher-2", "studentcoacher-3"]:
        response = client.post(
            "/shk/initiativ/nytt/", {"name": "Studentcoacher", "phase": Phase.EXPLORING, "focus_areas": [barn.pk]}
        )
        assert response.status_code == 302 and response["Location"] == f"/shk/initiativ/{expected}/"
    assert Initiative.objects.filter(partnership=shk, name="Studentcoacher").count() == 3


def test_a_renamed_initiative_keeps_its_address(client_as, shk):
    data = edit_data(shk, BARN_INITIATIVE, name="Ett helt nytt namn")
    response = client_as("processledare").post(f"/shk/initiativ/{BARN_INITIATIVE}/andra/", data)
    assert response.status_code == 302 and response["Location"] == f"/shk/initiativ/{BARN_INITIATIVE}/"
    assert Initiative.objects.get(partnership=shk, slug=BARN_INITIATIVE).name == "Ett helt nytt namn"


def _add_initiatives(shk, n):
    areas = list(FocusArea.objects.filter(partnership=shk))
    owner = Person.objects.filter(partnership=shk).first()
    parties = list(Organization.objects.filter(partnership=shk, memberships__isnull=False).distinct())
    testbed = portfolio_models.Testbed.objects.filter(partnership=shk).first()
    initiatives_bulk_create(
        shk,
        n,
        name="Extra {k}",
        owner=owner,
        testbed=testbed,
        phase=Phase.ONGOING,
        relations={"focus_areas": areas, "parties": parties},
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/shk/",
        "/shk/initiativ/",
        "/shk/initiativ/?phase=ongoing&focus_area=aldre",
        "/shk/initiativ/?sida=2",
        "/shk/initiativ/cornerstone-indicators/",
        "/shk/fokusomraden/",
        "/shk/fokusomraden/aldre/",
        "/shk/personer/",
    ],
)
@pytest.mark.parametrize("username", ["processledare", "coreteam-barn", "initiativagare"])
def test_pages_run_a_fixed_number_of_queries(client_as, shk, url, username, no_search_index):
    client = client_as(username)
    _add_initiatives(shk, 60)
    first = _queries(client, url)
    Initiative.objects.filter(slug__startswith="extra-").delete()
    _add_initiatives(shk, 140)
    assert _queries(client, url) == first


@pytest.mark.parametrize(
    "query,filters",
    [
        ("", Q()),
        ("phase=ongoing", Q(phase="ongoing")),
        ("focus_area=aldre&party=eskilstuna", Q(focus_areas__slug="aldre", parties__key="eskilstuna")),
        ("testbed=skultuna", Q(testbed__slug="skultuna")),
        ("q=trygg", Q(name__icontains="trygg") | Q(description__icontains="trygg")),
    ],
)
@pytest.mark.parametrize("sida", ["1", "2", "9999", "abc", "-3"])
def test_every_page_of_the_list_holds_the_initiatives_in_name_order(client_as, shk, query, filters, sida):
    initiatives_bulk_create(shk, 120, name="Lista {k}", relations={})
    expected = list(
        Initiative.objects.filter(filters, partnership=shk).order_by("name", "pk").values_list("name", flat=True)
    )
    response = client_as("lasare").get(f"/shk/initiativ/?{query}&sida={sida}")
    page = response.context["page"]
    last = max(1, -(-len(expected) // 50))
    number = {"1": 1, "2": min(2, last), "9999": last, "abc": 1, "-3": 1}[sida]
    assert page.number == number
    assert page.paginator.count == len(expected)
    assert [i.name for i in page.object_list] == expected[(number - 1) * 50 : number * 50]
