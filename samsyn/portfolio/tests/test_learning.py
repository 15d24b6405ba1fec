"""Relations between initiatives, the learning log and status updates."""

import re
import subprocess
from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.core.models import AuditEntry, FocusArea, Person
from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll
from samsyn.portfolio import network
from samsyn.portfolio.models import Colour, Initiative, LearningEntry, Phase, Relation, StatusUpdate
from samsyn.portfolio.selectors.learning import derived_testbed_pairs, status_rollup_build
from samsyn.portfolio.views.sections import LATEST

OWNED = "cornerstone-indicators"  # owned by the demo initiative owner (Johannes Finnman)
BARN = "studentcoacher"
ALDRE = "maltider-och-moten"
LOG = "/shk/larande/"
NETWORK = "/shk/larande/natverk/"


def english(client):
    """Texts are asserted in English: the Swedish catalogue is merged separately."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def initiative(shk, slug):
    return Initiative.objects.get(partnership=shk, slug=slug)


# ---------------------------------------------------------------- the layout, without a database


def nodes_of(n, groups=2):
    return [network.NodeIn(key=f"i{k}", label=f"Initiativ {k:03d}", group=k % groups) for k in range(n)]


@pytest.mark.parametrize("n,groups", [(1, 1), (2, 1), (2, 2), (5, 2), (37, 4), (200, 2), (500, 3)])
def test_layout_keeps_every_node_inside_the_drawing_and_apart(n, groups):
    drawing = network.layout(nodes_of(n, groups))
    assert len(drawing.nodes) == n
    points = {(p.x, p.y) for p in drawing.nodes}
    assert len(points) == n, "two nodes at the same point"
    for p in drawing.nodes:
        for x, y in [(p.x, p.y), (p.label_x, p.label_y)]:
            assert network.NODE_RADIUS <= x <= drawing.width - network.NODE_RADIUS
            assert network.NODE_RADIUS <= y <= drawing.height - network.NODE_RADIUS
        # A label of LABEL_CHARS characters (about 6.5 px each at 11 px) still fits.
        reach = network.LABEL_CHARS * 6.5
        assert reach <= drawing.width / 2 + drawing.radius - abs(p.label_x - drawing.width / 2) + network.LABEL_MARGIN


def test_layout_is_deterministic_whatever_the_input_order():
    nodes = nodes_of(23, 3)
    edges = [network.EdgeIn("i1", "i2", "builds_on"), network.EdgeIn("i5", "i9", "shares_testbed", derived=True)]
    first = network.layout(nodes, edges)
    assert network.layout(list(reversed(nodes)), list(reversed(edges))) == first
    assert network.layout(nodes, edges) == first


def test_layout_puts_each_group_on_its_own_arc():
    drawing = network.layout(nodes_of(12, 2))
    # Walking round the circle, the group changes once between the arcs and once back at the seam.
    import math

    centre = drawing.width / 2
    by_angle = sorted(drawing.nodes, key=lambda p: math.atan2(p.y - centre, p.x - centre))
    groups = [p.group for p in by_angle]
    changes = sum(1 for a, b in zip(groups, groups[1:] + groups[:1], strict=False) if a != b)
    assert changes == 2


def test_layout_labels_read_outwards_and_never_upside_down():
    drawing = network.layout(nodes_of(16, 2))
    centre = drawing.width / 2
    for p in drawing.nodes:
        assert -90 <= p.label_rotate <= 90
        assert p.label_anchor == ("start" if p.x >= centre - 0.1 else "end")


def test_layout_edges_are_curves_between_the_placed_nodes():
    drawing = network.layout(nodes_of(4), [network.EdgeIn("i0", "i3", "learns_from")])
    edge = drawing.edges[0]
    a = next(p for p in drawing.nodes if p.key == "i0")
    b = next(p for p in drawing.nodes if p.key == "i3")
    assert edge.path.startswith(f"M {a.x} {a.y} Q ") and edge.path.endswith(f"{b.x} {b.y}")
    assert edge.arrow and edge.dash == network.EDGE_STYLES["learns_from"]["dash"]


def test_layout_refuses_edges_to_missing_nodes_and_duplicate_keys():
    with pytest.raises(ValueError):
        network.layout(nodes_of(2), [network.EdgeIn("i0", "nope", "builds_on")])
    with pytest.raises(ValueError):
        network.layout([network.NodeIn("a", "A", 0), network.NodeIn("a", "B", 1)])


def test_empty_layout():
    drawing = network.layout([])
    assert drawing.nodes == () and drawing.edges == () and drawing.width > 0


def test_long_labels_are_shortened_but_kept_whole_for_the_tooltip():
    long = "Utbildning i innovationsledning för VoF Eskilstuna"
    drawing = network.layout([network.NodeIn("x", long, 0)])
    assert drawing.nodes[0].label == long
    assert len(drawing.nodes[0].short_label) == network.LABEL_CHARS and drawing.nodes[0].short_label.endswith("…")


def test_derived_pairs_skip_initiatives_without_testbed_and_stored_pairs():
    tb = SimpleNamespace(name="Skultuna")
    a, b, c = (SimpleNamespace(pk=k, name=n, testbed_id=1, testbed=tb) for k, n in [(1, "B"), (2, "A"), (3, "C")])
    loose = SimpleNamespace(pk=4, name="D", testbed_id=None, testbed=None)
    pairs = derived_testbed_pairs([a, b, c, loose], stored_pairs={frozenset((1, 3))})
    assert [(x.name, y.name, t) for x, y, t in pairs] == [("A", "B", "Skultuna"), ("A", "C", "Skultuna")]


def test_status_rollup_counts_latest_colour_worst_first():
    def i(pk, name):
        return SimpleNamespace(pk=pk, slug=name.lower(), name=name, phase=Phase.ONGOING)

    def s(colour, day):
        return SimpleNamespace(colour=colour, text=colour, date=date(2024, 1, day), author=None)

    initiatives = [i(1, "A"), i(2, "B"), i(3, "C"), i(4, "D"), i(5, "E")]
    latest = {1: s(Colour.GREEN, 5), 2: s(Colour.RED, 1), 3: s(Colour.ORANGE, 9), 4: s(Colour.RED, 3)}
    rollup = status_rollup_build(initiatives, latest)
    assert {c.colour: c.count for c in rollup.counts} == {"red": 2, "orange": 1, "yellow": 0, "green": 1}
    assert [r.initiative_name for r in rollup.with_status] == ["D", "B", "C", "A"]
    assert [r.initiative_name for r in rollup.without_status] == ["E"]
    assert rollup.total == 5


# ---------------------------------------------------------------- who may write what


def status_data(**changes):
    return {"colour": Colour.YELLOW, "date": "2024-05-02", "text": "Väntar på lokaler", **changes}


def learning_data(**changes):
    return {"kind": LearningEntry.Kind.LESSON, "date": "2024-05-02", "text": "Små steg ger rörelse", **changes}


# initiativagare is Johannes Finnman: initiative owner of Cornerstone Indicators, and also a
# researcher, which the policy lets add learning to every initiative ("learning.add": RESEARCHER ALL).
@pytest.mark.parametrize(
    "username,slug,may_status,may_learn",
    [
        ("admin", ALDRE, True, True),
        ("processledare", BARN, True, True),
        ("coreteam-barn", BARN, True, True),
        ("coreteam-barn", ALDRE, False, False),
        ("coreteam-aldre", ALDRE, True, True),
        ("coreteam-aldre", BARN, False, False),
        ("coreteam-aldre", OWNED, False, False),
        ("initiativagare", OWNED, True, True),
        ("initiativagare", BARN, False, True),
        ("initiativagare", ALDRE, False, True),
        ("styrelse", BARN, False, False),
        ("ekonomi", BARN, False, False),
        ("lasare", OWNED, False, False),
        ("lasare", BARN, False, False),
    ],
)
def test_who_may_record_status_and_learning(client_as, shk, username, slug, may_status, may_learn):
    client = client_as(username)
    target = initiative(shk, slug)
    page = client.get(f"/shk/initiativ/{slug}/").content.decode()
    assert (f"/shk/larande/initiativ/{slug}/status/" in page) is may_status
    assert (f"/shk/larande/initiativ/{slug}/logg/" in page) is may_learn

    statuses = StatusUpdate.objects.filter(initiative=target).count()
    response = client.post(f"/shk/larande/initiativ/{slug}/status/", status_data())
    assert response.status_code == (302 if may_status else 403)
    assert StatusUpdate.objects.filter(initiative=target).count() == statuses + may_status
    if may_status:
        update = StatusUpdate.objects.filter(initiative=target).latest("pk")
        entry = AuditEntry.objects.get(action="status.add", object_id=str(update.pk))
        assert entry.user.username == username and entry.after["colour"] == "yellow"
        assert update.author.user.username == username

    entries = LearningEntry.objects.filter(initiative=target).count()
    response = client.post(f"/shk/larande/initiativ/{slug}/logg/", learning_data())
    assert response.status_code == (302 if may_learn else 403)
    assert LearningEntry.objects.filter(initiative=target).count() == entries + may_learn
    if may_learn:
        added = LearningEntry.objects.filter(initiative=target).latest("pk")
        entry = AuditEntry.objects.get(action="learning.add", object_id=str(added.pk))
        assert entry.user.username == username and entry.after["text"] == "Små steg ger rörelse"


@pytest.mark.parametrize(
    "username,slug,allowed",
    [
        ("processledare", ALDRE, True),
        ("coreteam-barn", BARN, True),
        ("coreteam-barn", ALDRE, False),
        ("coreteam-aldre", BARN, False),
        ("initiativagare", OWNED, True),
        ("initiativagare", BARN, False),
        ("styrelse", OWNED, False),
        ("lasare", OWNED, False),
    ],
)
def test_who_may_add_and_remove_relations(client_as, shk, username, slug, allowed):
    client = client_as(username)
    source = initiative(shk, slug)
    other = initiative(shk, "physical-literacy")
    page = client.get(f"/shk/initiativ/{slug}/").content.decode()
    assert (f"/shk/larande/initiativ/{slug}/relation/" in page) is allowed
    response = client.post(
        f"/shk/larande/initiativ/{slug}/relation/",
        {"kind": "learns_from", "target": other.slug, "note": "Tvärvetenskap"},
    )
    assert response.status_code == (302 if allowed else 403)
    stored = Relation.objects.filter(source=source, target=other, kind="learns_from")
    assert stored.exists() is allowed

    # Removal: a relation the staff recorded, removed (or not) by this login.
    relation = Relation.objects.get_or_create(partnership=shk, source=source, target=other, kind="builds_on")[0]
    response = client.post(f"/shk/larande/relation/{relation.pk}/ta-bort/")
    assert response.status_code == (302 if allowed else 403)
    assert Relation.objects.filter(pk=relation.pk).exists() is not allowed
    if allowed:
        added = AuditEntry.objects.get(action="relation.add", object_type="portfolio.relation")
        assert added.after == {"source": slug, "target": other.slug, "kind": "learns_from", "note": "Tvärvetenskap"}
        removed = AuditEntry.objects.get(action="relation.remove", object_id=str(relation.pk))
        assert removed.before["kind"] == "builds_on" and removed.user.username == username


def test_reader_sees_no_forms_and_gets_403_on_the_form_pages(client_as, shk):
    client = client_as("lasare")
    for what in ["status", "logg", "relation"]:
        assert client.get(f"/shk/larande/initiativ/{OWNED}/{what}/").status_code == 403
    assert (
        client.post(f"/shk/larande/relation/{Relation.objects.filter(partnership=shk).first().pk}/ta-bort/").status_code
        == 403
    )


def test_everyone_reads_the_log_and_the_network(client_as, demo_username):
    client = client_as(demo_username)
    assert client.get(LOG).status_code == 200
    assert client.get(NETWORK).status_code == 200


def test_form_pages_get_and_invalid_post(client_as, shk):
    client = english(client_as("initiativagare"))
    for what in ["status", "logg", "relation"]:
        assert client.get(f"/shk/larande/initiativ/{OWNED}/{what}/").status_code == 200
    future = (date.today() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/shk/larande/initiativ/{OWNED}/status/", status_data(colour="purple", date=future, text="")
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "The date cannot be in the future." in html
    assert not StatusUpdate.objects.filter(initiative__slug=OWNED).exists()


def test_relation_to_itself_or_twice_is_refused(client_as, shk):
    client = english(client_as("processledare"))
    url = f"/shk/larande/initiativ/{OWNED}/relation/"
    response = client.post(url, {"kind": "builds_on", "target": OWNED})
    assert response.status_code == 200 and "id_relation_target" in response.content.decode()
    assert client.post(url, {"kind": "builds_on", "target": BARN}).status_code == 302
    response = client.post(url, {"kind": "builds_on", "target": BARN})
    assert response.status_code == 200 and "already recorded" in response.content.decode()
    assert Relation.objects.filter(source__slug=OWNED, target__slug=BARN).count() == 1


# ---------------------------------------------------------------- the initiative page


def test_initiative_page_shows_relations_both_ways_with_the_kind_in_words(client_as, shk):
    client = english(client_as("lasare"))
    html = client.get("/shk/initiativ/portfoljstyrning-i-dromfabriken/").content.decode()
    # Incoming, recorded in the demo: Styrning och ledning KUG trygghet learns from it.
    assert re.search(r"Styrning och ledning KUG trygghet</a>\s*learns from\s*Portföljstyrning i Drömfabriken", html)
    # Derived from the testbed Skultuna / Drömfabriken, marked as derived.
    assert "Shares the testbed Skultuna / Drömfabriken with" in html and "(derived)" in html
    html = client.get("/shk/initiativ/styrning-och-ledning-kug-trygghet/").content.decode()
    assert re.search(r"learns from\s*<a href=\"/shk/initiativ/portfoljstyrning-i-dromfabriken/\">", html)


def test_initiative_page_shows_status_history_with_colour_names(client_as, shk):
    html = english(client_as("lasare")).get(f"/shk/initiativ/{BARN}/").content.decode()
    assert "Status history" in html and "Orange" in html and "stått still" in html


def test_initiative_page_lists_the_latest_learning_and_links_to_more(client_as, shk):
    target = initiative(shk, OWNED)
    for k in range(12):
        LearningEntry.objects.create(
            partnership=shk, initiative=target, kind="insight", date=date(2024, 3, 1), text=f"Insikt {k}"
        )
    html = client_as("lasare").get(f"/shk/initiativ/{OWNED}/").content.decode()
    assert html.count("Insikt ") == LATEST
    assert f"/shk/larande/?initiative={OWNED}" in html


# ---------------------------------------------------------------- the learning log


def test_log_lists_the_demo_entries_newest_first(client_as, shk):
    response = client_as("lasare").get(LOG)
    rows = response.context["rows"]
    assert response.context["count"] == LearningEntry.objects.filter(partnership=shk).count() >= 15
    assert [r.date for r in rows] == sorted((r.date for r in rows), reverse=True)
    html = response.content.decode()
    for text in [
        "Lära genom mikro-handlingar",
        "Många mindre beslut",
        "Ensam i mellanrummet",
        "Bygga team",
        "nutidstro",
    ]:
        assert text in html


@pytest.mark.parametrize(
    "query,included,excluded",
    [
        ("kind=micro_action", "nutidstro", "Bygga team"),
        ("focus_area=aldre", "måltidslabbet", "nutidstro"),
        ("initiative=demokratisk-infrastruktur", "Labbgruppen", "Bygga team"),
        ("year=2023", "Bygga team", "Gammal 2022"),
        ("year=2022", "Gammal 2022", "Bygga team"),
    ],
)
def test_log_filters(client_as, shk, query, included, excluded):
    LearningEntry.objects.create(
        partnership=shk, initiative=initiative(shk, BARN), kind="insight", date=date(2022, 6, 1), text="Gammal 2022"
    )
    html = client_as("lasare").get(f"{LOG}?{query}").content.decode()
    assert included in html and excluded not in html


def test_log_unknown_filter_values_are_form_errors(client_as, shk):
    response = client_as("lasare").get(f"{LOG}?kind=nope&year=1066&initiative=finns-inte")
    assert response.status_code == 200 and response.context["form"].errors


def test_log_paginates(client_as, shk):
    target = initiative(shk, BARN)
    LearningEntry.objects.bulk_create(
        LearningEntry(partnership=shk, initiative=target, kind="lesson", date=date(2020, 1, 1), text=f"Lärdom {k}")
        for k in range(70)
    )
    client = client_as("lasare")
    first = client.get(LOG)
    assert len(first.context["rows"]) == 50 and "sida=2" in first.content.decode()
    second = client.get(f"{LOG}?sida=2")
    assert len(second.context["rows"]) == first.context["count"] - 50


def test_log_htmx_returns_only_the_results(client_as, shk):
    html = client_as("lasare").get(f"{LOG}?kind=lesson", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Bygga team" in html


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_log_exports_carry_the_same_entries_as_the_page(client_as, shk):
    from openpyxl import load_workbook

    client = english(client_as("lasare"))
    query = "focus_area=barn-och-unga"
    rows = client.get(f"{LOG}?{query}").context["rows"]
    response = client.get(f"/shk/larande/xlsx/?{query}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert "Alla barn och unga lyckas" in values[0][0]
    body = [v for v in values[2:] if any(v)]
    assert [(v[0].date(), v[2], v[5]) for v in body] == [(r.date, r.initiative_name, r.text) for r in rows]

    response = client.get(f"/shk/larande/pdf/?{query}")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Learning log" in text
    for r in rows:
        assert " ".join(r.text.split())[:30] in text
    assert "måltidslabbet" not in text


# ---------------------------------------------------------------- the network


def node_keys(html):
    return re.findall(r'class="network-node" data-initiative="([^"]+)"', html)


def test_network_page_draws_one_node_per_related_initiative_and_a_table(client_as, shk):
    response = english(client_as("lasare")).get(NETWORK)
    html = response.content.decode()
    data = response.context["network"]
    assert "<svg" in html and 'role="img"' in html
    assert re.search(r'<svg[^>]*aria-labelledby="network-title network-desc"', html)
    assert '<title id="network-title">' in html and '<desc id="network-desc">' in html
    related = {r.source_slug for r in data.rows} | {r.target_slug for r in data.rows}
    assert sorted(node_keys(html)) == sorted(related)
    assert len(node_keys(html)) == len(set(node_keys(html)))
    # Stored demo relations and pairs derived from the testbeds, the latter marked in the table.
    assert data.stored_count == Relation.objects.filter(partnership=shk).count() >= 6
    assert data.derived_count > 0
    assert "<caption" in html and 'scope="row"' in html and "derived from the testbed" in html
    assert html.count('data-derived="true"') == data.derived_count
    # Coordinates are written with a point, whatever the language.
    assert not re.search(r'cx="\d+,\d', html)


def test_network_filters_by_focus_area_and_hides_derived_pairs(client_as, shk):
    client = client_as("lasare")
    aldre = client.get(f"{NETWORK}?focus_area=aldre").context["network"]
    assert aldre.rows and all(
        r.source_slug == "oppen-verkstad" or "aldre" in r.target_slug or r.derived for r in aldre.rows
    )
    assert "demokratisk-infrastruktur" not in {r.target_slug for r in aldre.rows}
    barn = client.get(f"{NETWORK}?focus_area=barn-och-unga&derived=nej").context["network"]
    assert barn.derived_count == 0 and barn.stored_count == 2


def test_stored_shares_testbed_relation_replaces_the_derived_pair(client_as, shk):
    a, b = initiative(shk, "pug-civilsamhalle"), initiative(shk, "skultuna-andan")
    before = client_as("lasare").get(NETWORK).context["network"]
    Relation.objects.create(partnership=shk, source=b, target=a, kind="shares_testbed")
    after = client_as("lasare").get(NETWORK).context["network"]
    assert after.derived_count == before.derived_count - 1 and after.stored_count == before.stored_count + 1


def test_network_exports(client_as, shk):
    from openpyxl import load_workbook

    client = english(client_as("lasare"))
    data = client.get(NETWORK).context["network"]
    sheet = load_workbook(BytesIO(client.get("/shk/larande/natverk/xlsx/").content)).active
    body = [v for v in list(sheet.iter_rows(values_only=True))[2:] if any(v)]
    assert [(v[0], v[1], v[2]) for v in body] == [(r.source_name, r.kind_label, r.target_name) for r in data.rows]
    response = client.get("/shk/larande/natverk/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    # Table cells wrap in the PDF, so look for words rather than whole names.
    assert f"{len(data.rows)} relations between initiatives" in text
    for word in ["learns", "strengthens", "recorded", "derived", "Processtödet", "Nybyggeskolan"]:
        assert word in text


# ---------------------------------------------------------------- the focus area roll-up


def test_focus_area_rolls_up_the_latest_status(client_as, shk):
    area = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    author = Person.objects.filter(partnership=shk).first()
    normforskjutning, uvas = initiative(shk, "normforskjutning"), initiative(shk, "uvas")
    StatusUpdate.objects.create(
        partnership=shk,
        initiative=normforskjutning,
        date=date(2024, 1, 1),
        colour="green",
        text="Bra start",
        author=author,
    )
    StatusUpdate.objects.create(
        partnership=shk,
        initiative=normforskjutning,
        date=date(2024, 4, 1),
        colour="red",
        text="Skolan drog sig ur",
        author=author,
    )
    StatusUpdate.objects.create(
        partnership=shk, initiative=uvas, date=date(2024, 4, 1), colour="green", text="Aktörerna samlade", author=author
    )
    response = english(client_as("lasare")).get("/shk/fokusomraden/barn-och-unga/")
    rollup = response.context["status_rollup"]
    counts = {c.colour: c.count for c in rollup.counts}
    # Studentcoacher's orange comes from the demo (seed 001).
    assert counts == {"red": 1, "orange": 1, "yellow": 0, "green": 1}
    assert [r.initiative_slug for r in rollup.with_status] == ["normforskjutning", "studentcoacher", "uvas"]
    in_area = Initiative.objects.filter(focus_areas=area).count()
    assert len(rollup.without_status) == in_area - 3 == rollup.total - 3
    html = response.content.decode()
    assert "Skolan drog sig ur" in html and "Bra start" not in html
    assert html.index("Skolan drog sig ur") < html.index("stått still") < html.index("Aktörerna samlade")
    assert "Red" in html and "Orange" in html  # the colour is named, not only shown


def test_demo_status_updates_only_where_a_seed_states_one(shk):
    updates = {
        (s.initiative.slug, s.colour, s.date.isoformat())
        for s in StatusUpdate.objects.filter(partnership=shk).select_related("initiative")
    }
    assert updates == {("studentcoacher", "orange", "2023-11-30"), ("framtidens-aldreboende", "green", "2024-09-19")}


def test_demo_learning_and_relations(shk):
    lessons = set(
        LearningEntry.objects.filter(partnership=shk, initiative__slug="portfolj-larande").values_list(
            "text", flat=True
        )
    )
    assert len(lessons) == 4 and any(t.startswith("Bygga team") for t in lessons)
    kinds = set(
        LearningEntry.objects.filter(partnership=shk, initiative__slug="demokratisk-infrastruktur").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"insight", "lesson", "micro_action"}
    assert Relation.objects.filter(partnership=shk, source__slug="oppen-verkstad", kind="strengthens").count() == 4
    assert Relation.objects.filter(
        partnership=shk,
        source__slug="styrning-och-ledning-kug-trygghet",
        target__slug="portfoljstyrning-i-dromfabriken",
        kind="learns_from",
    ).exists()


# ---------------------------------------------------------------- a fixed number of queries


def _grow(shk, n):
    """n more initiatives with relations, learning and statuses, spread over both focus areas.

    Every tenth shares the owned initiative's testbed: enough for the network's derived "shares a
    testbed" pairs to grow with n, without drawing thousands of them (each of the testbed's
    members is paired with each other, so all of them would make the page quadratic in n)."""
    areas = list(FocusArea.objects.filter(partnership=shk))
    author = Person.objects.filter(partnership=shk).first()
    owned = initiative(shk, OWNED)
    made = []
    for k in range(n):
        i = Initiative.objects.create(
            partnership=shk,
            slug=f"natverk-{n}-{k}",
            name=f"Nätverk {n} {k}",
            phase=Phase.ONGOING,
            testbed=owned.testbed if k % 10 == 0 else None,
        )
        i.focus_areas.set([areas[k % 2]])
        made.append(i)
    for k, i in enumerate(made):
        Relation.objects.create(partnership=shk, source=i, target=owned, kind="learns_from")
        Relation.objects.create(partnership=shk, source=owned, target=i, kind="strengthens")
        if k:
            Relation.objects.create(partnership=shk, source=i, target=made[k - 1], kind="builds_on")
        LearningEntry.objects.create(
            partnership=shk, initiative=owned, kind="insight", date=date(2024, 1, 1), text=f"Insikt {k}", author=author
        )
        LearningEntry.objects.create(
            partnership=shk, initiative=i, kind="lesson", date=date(2023, 1, 1), text=f"Lärdom {k}", author=author
        )
        StatusUpdate.objects.create(
            partnership=shk, initiative=i, date=date(2024, 1, 1), colour=Colour.values[k % 4], text="x", author=author
        )
        StatusUpdate.objects.create(
            partnership=shk, initiative=owned, date=date(2024, 1, 1), colour="green", text=f"s{k}", author=author
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        LOG,
        f"{LOG}?focus_area=aldre&kind=lesson",
        f"{LOG}?sida=2",
        NETWORK,
        f"{NETWORK}?focus_area=barn-och-unga",
        f"/shk/initiativ/{OWNED}/",
        "/shk/fokusomraden/barn-och-unga/",
        "/shk/fokusomraden/aldre/",
    ],
)
@pytest.mark.parametrize("username", ["processledare", "initiativagare", "lasare"])
def test_pages_run_a_fixed_number_of_queries(client_as, shk, url, username, no_search_index):
    client = client_as(username)
    _grow(shk, 30)
    few = _queries(client, url)
    _grow(shk, 90)
    assert _queries(client, url) == few


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_record_status_and_learning_and_read_the_network_in_a_browser(new_page):
    from playwright.sync_api import expect

    page = new_page(username="initiativagare")
    page.goto(f"/shk/initiativ/{OWNED}/")
    assert_accessible(page, "initiative page with the learning sections")
    # The forms are fetched into their section when asked for.
    expect(page.locator("#status form")).to_have_count(0)
    page.locator("#status a.ds-button").click()
    page.locator("label[for=id_status_colour_2]").click()  # orange
    page.locator("#id_status_text").fill("Väntar på enkätdata")
    with page.expect_navigation():
        page.locator("#status button[type=submit]").click()
    expect(page.locator("#status")).to_contain_text("Orange")
    expect(page.locator("#status")).to_contain_text("Väntar på enkätdata")

    page.locator("#learning a.ds-button").click()
    page.locator("label[for=id_learning_kind_2]").click()  # micro-action
    page.locator("#id_learning_text").fill("Bjöd in studenterna till PUG-mötet")
    with page.expect_navigation():
        page.locator("#learning button[type=submit]").click()
    expect(page.locator("#learning")).to_contain_text("Bjöd in studenterna till PUG-mötet")
    assert_accessible(page, "initiative page after recording")

    page.goto(LOG)
    expect(page.locator("#results")).to_contain_text("Bjöd in studenterna till PUG-mötet")
    assert_accessible(page, "learning log")

    page.goto(NETWORK)
    expect(page.locator("svg[role=img] .network-node").first).to_be_visible()
    assert_accessible(page, "network page")

    phone = new_page(viewport=PHONE, username="lasare", is_mobile=True, has_touch=True)
    for url, label in [(NETWORK, "network"), (LOG, "learning log"), ("/shk/fokusomraden/barn-och-unga/", "focus area")]:
        phone.goto(url)
        assert_accessible(phone, f"{label} on a phone")
        assert_no_horizontal_scroll(phone, f"{label} on a phone")
