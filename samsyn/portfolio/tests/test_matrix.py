"""The whole-portfolio matrix (helhetsportfölj): page, filters, placing and moving, exports, demo."""

import json
import re
import subprocess
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from samsyn.core.models import AuditEntry, FocusArea
from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll, login_via_form
from samsyn.portfolio.models import Initiative, Layer, MatrixItem, Portfolio, Ring, Stage
from samsyn.portfolio.reports.matrix import LAYER_SUBLABELS, RING_SUBLABELS, matrix_report_build

BASE = "/shk/helhetsportfolj/"
URL = f"{BASE}styrelsen/"
DEMO_JSON = Path(__file__).resolve().parents[1] / "demo_data" / "shk_matrix.json"

# One item of each owner for the permission tables.
BARN_ITEM = "Studentcoacher"  # focus area barn-och-unga
ALDRE_ITEM = "Måltider och möten"  # focus area aldre
BOARD_ITEM = "Internportalen"  # no focus area: the board's


def squash(text):
    return " ".join(text.split())


def sv(text):
    """A label as the Swedish page shows it (the English msgid until the catalogue has it)."""
    with override("sv"):
        return str(text)


class MatrixParser(HTMLParser):
    """Reads the matrix table back: the entries' text and links per cell, and the headers."""

    def __init__(self):
        super().__init__()
        self.cells, self.links, self.row_headers, self.col_headers = {}, {}, [], []
        self.forms = []
        self._cell = self._entry = self._th = None
        self._depth = 0
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and (attrs.get("id") or "").startswith("cell-"):
            self._cell = attrs["id"]
            self.cells[self._cell] = []
        elif tag == "th" and attrs.get("scope") in ("row", "col"):
            self._th, self._text = attrs["scope"], []
        elif tag == "span" and "matrix-entry" in (attrs.get("class") or "").split():
            self._entry, self._depth, self._text = True, 1, []
        elif tag == "span" and self._entry:
            self._depth += 1
        elif tag == "a" and self._entry and self._cell:
            self.links.setdefault(self._cell, []).append(attrs.get("href"))
        elif tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append(attrs.get("action"))

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "th" and self._th:
            (self.row_headers if self._th == "row" else self.col_headers).append(squash("".join(self._text)))
            self._th = None
        elif tag == "span" and self._entry:
            self._depth -= 1
            if self._depth == 0:
                self.cells[self._cell].append(squash("".join(self._text)))
                self._entry = None

    def handle_data(self, data):
        if self._entry or self._th:
            self._text.append(data)


def parse(response):
    assert response.status_code == 200
    parser = MatrixParser()
    parser.feed(response.content.decode())
    return parser


def item(shk, title):
    return MatrixItem.objects.get(partnership=shk, portfolio__slug="styrelsen", title=title)


def page_entries(parser):
    return {cell: lines for cell, lines in parser.cells.items() if lines}


# --- The page -----------------------------------------------------------------------------


def test_index_shows_the_boards_portfolio(client_as, shk):
    response = client_as("lasare").get(f"{BASE}?focus_area=aldre")
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?focus_area=aldre"


def test_index_without_a_macro_portfolio_offers_the_others(client_as, shk):
    Portfolio.objects.filter(partnership=shk, level=Portfolio.Level.MACRO).delete()
    response = client_as("lasare").get(BASE)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"{BASE}portfolj-barn-och-unga/" in html


def test_any_portfolio_has_its_matrix(client_as, shk):
    portfolio = Portfolio.objects.get(partnership=shk, slug="portfolj-aldre")
    MatrixItem.objects.create(
        partnership=shk,
        portfolio=portfolio,
        title="Labb på Ängsgärdet",
        kind=MatrixItem.Kind.METHOD,
        layer=Layer.PROCESSES,
        ring=Ring.STRATEGIC_PARTIES,
        focus_area=portfolio.focus_area,
    )
    parser = parse(client_as("lasare").get(f"{BASE}portfolj-aldre/"))
    assert next(squash(t) for t in parser.cells["cell-processes-strategic_parties"]).startswith("Labb på Ängsgärdet")
    assert sum(len(v) for v in parser.cells.values()) == 1
    assert client_as("lasare").get(f"{BASE}finns-inte/").status_code == 404


def test_layers_are_rows_rings_are_columns_with_the_seeds_labels(client_as, shk):
    response = client_as("lasare").get(URL)
    parser = parse(response)
    html = response.content.decode()
    assert "<caption" in html and 'role="region"' in html
    assert len(parser.row_headers) == len(Layer) == 7
    assert len(parser.col_headers) == len(Ring) + 1  # the corner heads the layer column
    for header, layer in zip(parser.row_headers, Layer, strict=False):
        assert header.startswith(sv(layer.label))
        for sub in LAYER_SUBLABELS[layer]:
            assert sv(sub) in header
    for header, ring in zip(parser.col_headers[1:], Ring, strict=False):
        assert header.startswith(sv(ring.label))
        for sub in RING_SUBLABELS[ring]:
            assert sv(sub) in header
    # The strategic parties are the partnership's own parties.
    for party in ["Västerås stad", "Eskilstuna kommun", "Mälardalens universitet"]:
        assert party in parser.col_headers[1 + list(Ring).index(Ring.STRATEGIC_PARTIES)]
    # The cycle across the top, in order.
    positions = [html.index(sv(stage.label)) for stage in Stage]
    assert positions == sorted(positions) and positions[0] < html.index("<table")


def test_every_item_sits_in_its_cell_as_a_link_with_kind_and_stage(client_as, shk):
    parser = parse(client_as("lasare").get(URL))
    items = list(MatrixItem.objects.filter(partnership=shk, portfolio__slug="styrelsen").select_related("initiative"))
    assert len(items) == sum(len(v) for v in parser.cells.values()) > 40
    for i in items:
        cell = f"cell-{i.layer}-{i.ring}"
        entry = next(e for e in parser.cells[cell] if e.startswith(i.title + " ("))
        assert sv(i.get_kind_display()) in entry
        if i.stage:
            assert sv(i.get_stage_display()) in entry
        expected = f"/shk/initiativ/{i.initiative.slug}/" if i.initiative_id else f"{URL}post/{i.pk}/"
        assert expected in parser.links[cell]


@pytest.mark.parametrize(
    "query,only",
    [
        ("focus_area=barn-och-unga", lambda i: i.focus_area and i.focus_area.slug == "barn-och-unga"),
        ("focus_area=aldre", lambda i: i.focus_area and i.focus_area.slug == "aldre"),
        ("focus_area=-", lambda i: i.focus_area_id is None),
        ("kind=competence", lambda i: i.kind == "competence"),
        (
            "focus_area=barn-och-unga&kind=initiative",
            lambda i: i.focus_area_id and i.focus_area.slug == "barn-och-unga" and i.kind == "initiative",
        ),
    ],
)
def test_filters(client_as, shk, query, only):
    parser = parse(client_as("lasare").get(f"{URL}?{query}"))
    items = MatrixItem.objects.filter(partnership=shk, portfolio__slug="styrelsen").select_related("focus_area")
    expected = sorted(f"cell-{i.layer}-{i.ring}:{i.title}" for i in items if only(i))
    shown = sorted(f"{cell}:{e.split(' (')[0]}" for cell, entries in parser.cells.items() for e in entries)
    assert shown == expected and expected


def test_unknown_filter_value_is_a_form_error_not_a_crash(client_as, shk):
    response = client_as("lasare").get(f"{URL}?focus_area=finns-inte&kind=nope")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(response.context["report"].entries) == MatrixItem.objects.filter(portfolio__slug="styrelsen").count()


def test_htmx_filter_gets_only_the_matrix_with_export_links_for_the_filter(client_as, shk):
    response = client_as("lasare").get(f"{URL}?focus_area=aldre", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<table" in html
    assert f"{URL}pdf/?focus_area=aldre" in html and f"{URL}xlsx/?focus_area=aldre" in html
    assert "Studentcoacher" not in html and "Måltider och möten" in html


def test_item_page(client_as, shk):
    board = item(shk, BOARD_ITEM)
    html = client_as("lasare").get(f"{URL}post/{board.pk}/").content.decode()
    assert BOARD_ITEM in html and "internportal" in html
    assert sv(Layer.PROCESSES.label) in html and sv(Ring.PROCESS_SUPPORT.label) in html
    assert "/flytta/" not in html and "/andra/" not in html
    assert client_as("lasare").get(f"{URL}post/999999/").status_code == 404


# --- Placing, moving and removing: who may --------------------------------------------------

ROLE_TABLE = [
    # username, item, allowed
    ("coreteam-barn", BARN_ITEM, True),
    ("coreteam-barn", ALDRE_ITEM, False),
    ("coreteam-barn", BOARD_ITEM, False),
    ("coreteam-aldre", ALDRE_ITEM, True),
    ("coreteam-aldre", BARN_ITEM, False),
    ("coreteam-aldre", BOARD_ITEM, False),
    ("admin", BARN_ITEM, True),
    ("admin", BOARD_ITEM, True),
    ("processledare", ALDRE_ITEM, True),
    ("processledare", BOARD_ITEM, True),
    ("lasare", BARN_ITEM, False),
    ("styrelse", BARN_ITEM, False),
    ("styrelse", BOARD_ITEM, False),
    ("ekonomi", ALDRE_ITEM, False),
    ("initiativagare", BARN_ITEM, False),
]


@pytest.mark.parametrize("username,title,allowed", ROLE_TABLE)
def test_who_may_move_which_item(client_as, shk, username, title, allowed):
    client = client_as(username)
    moved = item(shk, title)
    page = parse(client.get(URL))
    assert (f"{URL}post/{moved.pk}/flytta/" in page.forms) is allowed
    response = client.post(
        f"{URL}post/{moved.pk}/flytta/", {"layer": "culture", "ring": "wider_network", "stage": "evaluate"}
    )
    assert response.status_code == (302 if allowed else 403)
    moved.refresh_from_db()
    assert ((moved.layer, moved.ring, moved.stage) == ("culture", "wider_network", "evaluate")) is allowed
    audits = AuditEntry.objects.filter(action="matrix.move", object_id=str(moved.pk))
    assert audits.exists() is allowed
    if allowed:
        assert response["Location"].endswith("#cell-culture-wider_network")
        entry = audits.get()
        assert entry.user.username == username
        assert entry.after == {"layer": "culture", "ring": "wider_network", "stage": "evaluate"}
        assert entry.before["layer"] != "culture"


@pytest.mark.parametrize("username,title,allowed", ROLE_TABLE)
def test_who_may_remove_which_item(client_as, shk, username, title, allowed):
    removed = item(shk, title)
    response = client_as(username).post(f"{URL}post/{removed.pk}/ta-bort/")
    assert response.status_code == (302 if allowed else 403)
    assert MatrixItem.objects.filter(pk=removed.pk).exists() is not allowed
    if allowed:
        entry = AuditEntry.objects.get(action="matrix.remove", object_id=str(removed.pk))
        assert entry.before["title"] == title and entry.before["layer"] == removed.layer and entry.after is None


@pytest.mark.parametrize(
    "username,may_add",
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
def test_who_may_open_the_add_form(client_as, shk, username, may_add):
    client = client_as(username)
    assert client.get(f"{URL}ny-post/").status_code == (200 if may_add else 403)
    assert (f"{URL}ny-post/" in client.get(URL).content.decode()) is may_add


def add_data(shk, **changes):
    data = {
        "title": "Läxhjälp med studenter",
        "kind": "competence",
        "initiative": "",
        "focus_area": FocusArea.objects.get(partnership=shk, slug="barn-och-unga").pk,
        "layer": "competence",
        "ring": "individual",
        "stage": "explore",
        "description": "Studenter hjälper elever.",
    }
    data.update(changes)
    return data


def test_core_team_member_places_an_item_of_their_focus_area_and_it_is_audited(client_as, shk):
    response = client_as("coreteam-barn").post(f"{URL}ny-post/", add_data(shk))
    assert response.status_code == 302 and response["Location"] == f"{URL}#cell-competence-individual"
    placed = item(shk, "Läxhjälp med studenter")
    assert (placed.layer, placed.ring, placed.stage, placed.focus_area.slug) == (
        "competence",
        "individual",
        "explore",
        "barn-och-unga",
    )
    entry = AuditEntry.objects.get(action="matrix.place", object_id=str(placed.pk))
    assert entry.user.username == "coreteam-barn" and entry.before is None
    assert (
        entry.after["layer"] == "competence"
        and entry.after["ring"] == "individual"
        and entry.after["stage"] == "explore"
    )
    parser = parse(client_as("lasare").get(URL))
    assert any(e.startswith("Läxhjälp med studenter (") for e in parser.cells["cell-competence-individual"])


@pytest.mark.parametrize(
    "username,focus_area,allowed",
    [
        ("coreteam-barn", "barn-och-unga", True),
        ("coreteam-barn", "aldre", False),
        ("coreteam-barn", None, False),  # the board's item
        ("coreteam-aldre", "barn-och-unga", False),
        ("processledare", None, True),
        ("admin", "aldre", True),
    ],
)
def test_who_may_place_an_item_of_which_focus_area(client_as, shk, username, focus_area, allowed):
    area = FocusArea.objects.get(partnership=shk, slug=focus_area) if focus_area else None
    response = client_as(username).post(f"{URL}ny-post/", add_data(shk, focus_area=area.pk if area else ""))
    assert response.status_code == (302 if allowed else 200)
    assert MatrixItem.objects.filter(title="Läxhjälp med studenter").exists() is allowed
    if not allowed:
        assert 'role="alert"' in response.content.decode()


def test_add_form_explains_who_owns_items_without_a_focus_area(client_as, shk):
    html = client_as("coreteam-barn").get(f"{URL}ny-post/").content.decode()
    assert 'aria-describedby="id_focus_area_helptext"' in html
    form = client_as("coreteam-barn").get(f"{URL}ny-post/").context["form"]
    help_text = str(form.fields["focus_area"].help_text)
    assert "Poster utan fokusområde är styrelsens" in help_text


def test_an_initiative_item_takes_the_initiatives_name_and_must_match_its_focus_area(client_as, shk):
    client = client_as("coreteam-barn")
    barn_initiative = Initiative.objects.get(partnership=shk, slug="normforskjutning")
    response = client.post(
        f"{URL}ny-post/", add_data(shk, title="", kind="initiative", initiative=barn_initiative.pk, layer="science")
    )
    assert response.status_code == 302
    assert MatrixItem.objects.filter(portfolio__slug="styrelsen", title="Normförskjutning", layer="science").exists()
    aldre_initiative = Initiative.objects.get(partnership=shk, slug="existentiell-halsa")
    response = client.post(f"{URL}ny-post/", add_data(shk, kind="initiative", initiative=aldre_initiative.pk))
    assert response.status_code == 200 and response.context["form"].errors["initiative"]


def test_core_team_member_cannot_hand_an_item_to_the_other_focus_area(client_as, shk):
    barn_item = item(shk, BARN_ITEM)
    aldre = FocusArea.objects.get(partnership=shk, slug="aldre")
    data = add_data(shk, title=BARN_ITEM, kind="initiative", initiative=barn_item.initiative_id, focus_area=aldre.pk)
    response = client_as("coreteam-barn").post(f"{URL}post/{barn_item.pk}/andra/", data)
    assert response.status_code == 200
    barn_item.refresh_from_db()
    assert barn_item.focus_area.slug == "barn-och-unga"


def test_edit_is_audited_with_before_and_after_cell(client_as, shk):
    board = item(shk, BOARD_ITEM)
    data = add_data(
        shk,
        title=BOARD_ITEM,
        kind="method",
        focus_area="",
        layer="relational",
        ring="strategic_parties",
        stage="communicate",
    )
    assert client_as("processledare").post(f"{URL}post/{board.pk}/andra/", data).status_code == 302
    entry = AuditEntry.objects.get(action="matrix.change", object_id=str(board.pk))
    assert (entry.before["layer"], entry.before["ring"]) == ("processes", "process_support")
    assert (entry.after["layer"], entry.after["ring"]) == ("relational", "strategic_parties")


def test_htmx_move_updates_the_matrix_in_place_and_keeps_the_filter(client_as, shk):
    moved = item(shk, BARN_ITEM)
    response = client_as("coreteam-barn").post(
        f"{URL}post/{moved.pk}/flytta/",
        {"layer": "science", "ring": "partners", "stage": "measure", "filter": "focus_area=barn-och-unga"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="matrix-status"' in html and 'hx-swap-oob="innerHTML"' in html
    parser = MatrixParser()
    parser.feed(html)
    assert any(e.startswith(BARN_ITEM + " (") for e in parser.cells["cell-science-partners"])
    assert not any(e.startswith(BARN_ITEM + " (") for e in parser.cells["cell-focus_areas-individual"])
    assert "Måltider och möten" not in html  # still filtered to barn-och-unga
    assert f"{URL}xlsx/?focus_area=barn-och-unga" in html


def test_plain_move_redirects_back_to_the_filtered_matrix(client_as, shk):
    moved = item(shk, BARN_ITEM)
    response = client_as("coreteam-barn").post(
        f"{URL}post/{moved.pk}/flytta/",
        {"layer": "science", "ring": "partners", "stage": "", "filter": "focus_area=barn-och-unga&evil=1"},
    )
    assert response["Location"] == f"{URL}?focus_area=barn-och-unga#cell-science-partners"


def test_move_with_values_outside_the_lists_is_refused(client_as, shk):
    moved = item(shk, BARN_ITEM)
    response = client_as("coreteam-barn").post(f"{URL}post/{moved.pk}/flytta/", {"layer": "attic", "ring": "partners"})
    assert response.status_code == 400
    assert client_as("coreteam-barn").get(f"{URL}post/{moved.pk}/flytta/").status_code == 405


def test_items_of_another_portfolio_are_not_reachable_through_this_one(client_as, shk):
    other = Portfolio.objects.get(partnership=shk, slug="portfolj-barn-och-unga")
    moved = item(shk, BARN_ITEM)
    assert (
        client_as("admin")
        .post(f"{BASE}{other.slug}/post/{moved.pk}/flytta/", {"layer": "science", "ring": "partners"})
        .status_code
        == 404
    )


# --- Exports ---------------------------------------------------------------------------------


def read_xlsx(response):
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


@pytest.mark.parametrize("query", ["", "focus_area=barn-och-unga", "focus_area=-&kind=network"])
def test_xlsx_has_the_pages_matrix_and_every_item(client_as, shk, query):
    client = client_as("lasare")
    page = parse(client.get(f"{URL}?{query}"))
    report = client.get(f"{URL}?{query}").context["report"]
    book = read_xlsx(client.get(f"{URL}xlsx/?{query}"))
    matrix, items = book.worksheets
    rows = list(matrix.iter_rows(values_only=True))
    assert rows[2][1] == report.cycle_text
    assert all(sv(stage.label) in rows[2][1] for stage in Stage)
    assert [squash(h) for h in rows[3][1:]] == page.col_headers[1:]
    for layer, row in zip(Layer, rows[4:11], strict=False):
        assert squash(row[0]) == page.row_headers[list(Layer).index(layer)]
        for ring, value in zip(Ring, row[1:], strict=False):
            lines = [squash(line) for line in (value or "").split("\n") if line]
            assert lines == page.cells[f"cell-{layer.value}-{ring.value}"]
    listed = [r for r in items.iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(listed) == len(report.entries) == sum(len(v) for v in page.cells.values())
    first = report.entries[0]
    assert listed[0][:5] == (
        first.title,
        first.kind_label,
        first.layer_label,
        first.ring_label,
        first.stage_label or None,
    )


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    pdf = subprocess.run(["pdftotext", "-raw", "-", "-"], input=response.content, capture_output=True, check=True)
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True)
    return squash(pdf.stdout.decode()), info.stdout.decode()


@pytest.mark.parametrize("query", ["", "focus_area=aldre"])
def test_pdf_is_landscape_and_has_the_pages_items(client_as, shk, query):
    client = client_as("lasare")
    page = parse(client.get(f"{URL}?{query}"))
    text, info = pdf_text(client.get(f"{URL}pdf/?{query}"))
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height and round(width) == 842  # A4 landscape
    for stage in Stage:
        assert sv(stage.label) in text
    for header in page.row_headers + page.col_headers:
        assert header in text
    lines = [line for entries in page.cells.values() for line in entries]
    assert lines
    for line in lines:
        assert line in text
    if query:
        assert BARN_ITEM not in text and ALDRE_ITEM in text
    # No controls in print.
    assert sv("Move or remove") not in text


def test_report_is_one_computation_for_every_format(shk):
    portfolio = Portfolio.objects.get(partnership=shk, slug="styrelsen")
    barn = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    report = matrix_report_build(shk, portfolio, focus_area=barn)
    assert all(e.focus_area_name == barn.name for e in report.entries)
    assert len(report.rows) == 7 and all(len(row.cells) == 6 for row in report.rows)
    # Within a cell the items follow the cycle.
    order = {s.value: n for n, s in enumerate(Stage)}
    for row in report.rows:
        for cell in row.cells:
            stages = [order.get(e.stage, 99) for e in cell.entries]
            assert stages == sorted(stages)


# --- Constant queries -------------------------------------------------------------------------


def _add_items(shk, n):
    portfolio = Portfolio.objects.get(partnership=shk, slug="styrelsen")
    areas = [*list(FocusArea.objects.filter(partnership=shk)), None]
    initiatives = [*list(Initiative.objects.filter(partnership=shk)[:10]), None]
    layers, rings, stages = list(Layer), list(Ring), [s.value for s in Stage] + [""]
    MatrixItem.objects.bulk_create(
        MatrixItem(
            partnership=shk,
            portfolio=portfolio,
            title=f"Extra {k}",
            kind=MatrixItem.Kind.OTHER if k % 2 else MatrixItem.Kind.INITIATIVE,
            layer=layers[k % 7],
            ring=rings[k % 6],
            stage=stages[k % 6],
            focus_area=areas[k % 3],
            initiative=initiatives[k % 11],
        )
        for k in range(n)
    )


def _queries(client, url, **headers):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url,headers",
    [
        (URL, {}),
        (f"{URL}?focus_area=barn-och-unga&kind=other", {}),
        (URL, {"HTTP_HX_REQUEST": "true"}),
        (f"{URL}xlsx/", {}),
    ],
)
@pytest.mark.parametrize("username", ["processledare", "coreteam-barn", "lasare"])
def test_pages_run_a_fixed_number_of_queries(client_as, shk, url, headers, username, no_search_index):
    client = client_as(username)
    _add_items(shk, 20)
    first = _queries(client, url, **headers)
    MatrixItem.objects.filter(title__startswith="Extra ").delete()
    _add_items(shk, 150)
    assert _queries(client, url, **headers) == first


@pytest.mark.parametrize("username", ["processledare", "coreteam-barn"])
def test_add_form_runs_a_fixed_number_of_queries(client_as, shk, username, no_search_index):
    client = client_as(username)
    first = _queries(client, f"{URL}ny-post/")
    for k in range(30):
        Initiative.objects.create(partnership=shk, slug=f"extra-{k}", name=f"Extra {k}").focus_areas.set(
            FocusArea.objects.filter(partnership=shk)
        )
    assert _queries(client, f"{URL}ny-post/") == first


def test_pdf_runs_a_fixed_number_of_queries(client_as, shk):
    client = client_as("processledare")
    _add_items(shk, 5)
    first = _queries(client, f"{URL}pdf/")
    _add_items(shk, 60)
    assert _queries(client, f"{URL}pdf/") == first


# --- Demo -------------------------------------------------------------------------------------


def test_demo_items_come_from_the_seeds(shk):
    data = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    titles = [i["title"] for i in data["items"]]
    assert len(titles) == len(set(titles)), "titles are the natural key"
    assert all(i.get("source") for i in data["items"])
    stored = {
        i.title: i
        for i in MatrixItem.objects.filter(partnership=shk, portfolio__slug="styrelsen").select_related(
            "initiative", "focus_area"
        )
    }
    assert set(stored) == set(titles)


@pytest.mark.parametrize(
    "title,kind,layer,ring",
    [
        ("Future Impact Champion", "competence", "competence", "individual"),
        ("Utmaningsdriven utbildning", "competence", "science", "individual"),
        ("Konsortium av forskare", "network", "science", "strategic_parties"),
        ("Core Team Alla barn och unga lyckas", "network", "relational", "enabling_teams"),
        ("Core Team Välmående och självständiga äldre", "network", "relational", "enabling_teams"),
        ("Styrelsen", "network", "relational", "enabling_teams"),
        ("Avtal 2022–2025", "agreement", "operational", "strategic_parties"),
        ("Finansiering 2022–2025", "agreement", "operational", "strategic_parties"),
        ("Vision och mission", "principle", "culture", "strategic_parties"),
        ("Prioriterade perspektiv", "principle", "culture", "enabling_teams"),
        ("Co-working", "method", "processes", "process_support"),
        ("Öppen verkstad", "method", "processes", "process_support"),
        ("Internportalen", "method", "processes", "process_support"),
        ("Kommunikatörsnätverket", "network", "relational", "strategic_parties"),
    ],
)
def test_demo_places_the_seeds_efforts(shk, title, kind, layer, ring):
    found = item(shk, title)
    assert (found.kind, found.layer, found.ring) == (kind, layer, ring)


def test_demo_holds_the_initiatives_of_both_focus_areas(shk):
    initiatives = MatrixItem.objects.filter(
        partnership=shk, portfolio__slug="styrelsen", layer=Layer.FOCUS_AREAS, kind="initiative"
    )
    by_area = {
        slug: set(initiatives.filter(focus_area__slug=slug).values_list("initiative__slug", flat=True))
        for slug in ("barn-och-unga", "aldre")
    }
    assert {"demokratisk-infrastruktur", "cornerstone-indicators", "physical-literacy", "uvas"} <= by_area[
        "barn-och-unga"
    ]
    assert {"halsoframjande-team", "maltider-och-moten", "framtidens-aldreboende", "existentiell-halsa"} <= by_area[
        "aldre"
    ]
    # An item's focus area is one of its initiative's.
    for i in initiatives.select_related("initiative").prefetch_related("initiative__focus_areas"):
        if i.focus_area_id:
            assert i.focus_area_id in {fa.pk for fa in i.initiative.focus_areas.all()}


# --- In a browser -----------------------------------------------------------------------------


@pytest.mark.browser
def test_core_team_member_places_an_item_and_the_matrix_is_accessible(new_page):
    from playwright.sync_api import expect

    page = new_page()
    login_via_form(page, "coreteam-barn")
    page.goto(BASE)
    expect(page).to_have_url(re.compile(f"{URL}$"))
    assert_accessible(page, "matrix")

    page.locator(f"main a[href='{URL}ny-post/']").click()
    expect(page).to_have_url(re.compile(f"{URL}ny-post/$"))
    assert_accessible(page, "add form")
    page.locator("#id_title").fill("Läxhjälp med studenter")
    page.locator("#id_kind").select_option("competence")
    page.locator("#id_focus_area").select_option(label="Alla barn och unga lyckas")
    page.locator("#id_layer").select_option("competence")
    page.locator("#id_ring").select_option("individual")
    page.locator("#id_stage").select_option("explore")
    page.locator("#id_description").fill("Studenter hjälper elever med läxor i Skultuna.")
    with page.expect_navigation():
        page.locator("main form.stack button[type=submit]").click()

    expect(page).to_have_url(re.compile(f"{URL}#cell-competence-individual$"))
    cell = page.locator("#cell-competence-individual")
    expect(cell.locator(".matrix-entry", has_text="Läxhjälp med studenter")).to_have_count(1)
    expect(page.locator(".message")).to_contain_text("Läxhjälp med studenter")

    # Move it with htmx: the matrix updates in place, the page does not reload.
    page.evaluate("() => { window.__sameDocument = true; }")
    entry = cell.locator("li", has_text="Läxhjälp med studenter")
    entry.locator("details.matrix-actions > summary").click()
    entry.locator("select[name=layer]").select_option("science")
    entry.locator("form.matrix-move button").click()
    expect(page.locator("#cell-science-individual .matrix-entry", has_text="Läxhjälp med studenter")).to_have_count(1)
    expect(cell.locator(".matrix-entry", has_text="Läxhjälp med studenter")).to_have_count(0)
    expect(page.locator("#matrix-status")).to_contain_text("Läxhjälp med studenter")
    expect(page.locator("#matrix-status")).to_have_count(1)
    # Keyboard focus lands on the item in its new cell, not at the top of the page.
    expect(page.locator("#cell-science-individual a", has_text="Läxhjälp med studenter")).to_be_focused()
    assert page.evaluate("() => window.__sameDocument") is True
    assert_accessible(page, "matrix after a move")

    # Removing asks first in a panel that says what happens; its button removes the item in place.
    moved = page.locator("#cell-science-individual li", has_text="Läxhjälp med studenter")
    moved.locator("details.matrix-actions > summary").click()
    moved.locator("details.confirm > summary").click()
    expect(moved.locator(".confirm-panel")).to_contain_text("tas bort ur helhetsportföljen")
    assert_accessible(page, "matrix with the remove panel open")
    moved.locator(".confirm-panel button").click()
    expect(page.locator(".matrix-entry", has_text="Läxhjälp med studenter")).to_have_count(0)
    assert page.evaluate("() => window.__sameDocument") is True

    # On a phone the matrix scrolls inside its own region, the page does not scroll sideways.
    phone = new_page(viewport=PHONE, username="coreteam-barn", is_mobile=True, has_touch=True)
    phone.goto(URL)
    assert_no_horizontal_scroll(phone, "matrix on a phone")
    assert phone.evaluate(
        "() => { const w = document.querySelector('.matrix-wrap'); return w.scrollWidth > w.clientWidth; }"
    )
    assert_accessible(phone, "matrix on a phone")
