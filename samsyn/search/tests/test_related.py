"""Sense-making: related initiatives and documents with reasons, bridges, themes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from samsyn.core.models import FocusArea
from samsyn.core.policy import Actor, Grant
from samsyn.portfolio.models import Initiative
from samsyn.search.map import map_layout
from samsyn.search.related import Model, words_list

pytestmark = pytest.mark.django_db


def admin(shk):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant("administrator")}))


def two_areas(shk):
    a, b = FocusArea.objects.filter(partnership=shk).order_by("pk")[:2]
    return a, b


def test_related_initiatives_share_distinctive_terms(shk):
    a, b = two_areas(shk)
    left = Initiative.objects.create(
        partnership=shk,
        slug="bikupor-a",
        name="Bikupor på skoltaket",
        description="Bikupor och pollinerare i stadsodling med elever",
    )
    left.focus_areas.set([a])
    right = Initiative.objects.create(
        partnership=shk,
        slug="bikupor-b",
        name="Pollinerare vid äldreboendet",
        description="Stadsodling och bikupor för äldre",
    )
    right.focus_areas.set([b])
    model = Model(shk, admin(shk))
    related = model.related_to(left.pk)
    top = related[0]
    assert (top.kind, top.id) == ("initiative", right.pk)
    assert {"bikupor", "pollinerare", "stadsodling"} <= {t.lower() for t in top.terms}
    assert top.reason.startswith("Båda handlar om ")
    assert "bikupor" in top.reason.lower()
    bridges = model.bridges()
    assert any({br.left.id, br.right.id} == {left.pk, right.pk} for br in bridges)


def test_bridges_join_different_focus_areas_only(shk):
    model = Model(shk, admin(shk))
    areas = {
        i.pk: {fa.pk for fa in i.focus_areas.all()}
        for i in Initiative.objects.filter(partnership=shk).prefetch_related("focus_areas")
    }
    bridges = model.bridges()
    assert bridges
    for bridge in bridges:
        assert not areas[bridge.left.id] & areas[bridge.right.id]


def test_themes_recur_across_initiatives(shk):
    themes = Model(shk, admin(shk)).themes(min_initiatives=3)
    assert themes and all(len(t.initiatives) >= 3 for t in themes)


def test_related_command_json(shk):
    out = StringIO()
    call_command("related", "--initiative", "studentcoacher", "--partnership", "shk", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert isinstance(rows, list) and rows
    for row in rows:
        assert set(row) == {"kind", "id", "title", "score", "reason"}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_restricted_documents_are_not_related_for_readers(shk, register):
    i = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    i.description = "Studentcoacher med fjärilsnät och fjärilar"
    i.save()
    doc = register("f.txt", "Fjärilsnät och fjärilar för studentcoacher", access="restricted", roles=["board_member"])
    reader = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant("reader")}))
    assert doc.pk in [r.id for r in Model(shk, admin(shk)).related_to(i.pk) if r.kind == "document"]
    assert doc.pk not in [r.id for r in Model(shk, reader).related_to(i.pk) if r.kind == "document"]


@pytest.mark.parametrize(
    "terms,expected",
    [
        ((), ""),
        (("trygghet",), "trygghet"),
        (("trygghet", "skola"), "trygghet och skola"),
        (("a", "b", "c"), "a, b och c"),
    ],
)
def test_a_list_as_it_is_said(terms, expected):
    assert words_list(terms) == expected


def test_names_of_places_and_organisations_are_not_themes(shk):
    """Skultuna and Eskilstuna recur in many texts because the work happens there, not because the
    initiatives are about the same thing."""
    names = {"skultuna", "eskilstuna", "drömfabriken", "kommun"}
    for theme in Model(shk, admin(shk)).themes():
        assert theme.term.lower() not in names


def test_documents_do_not_crowd_out_initiatives(shk, register):
    i = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    for k in range(12):
        register(f"coach-{k}.txt", f"Studentcoacher och studenter som coachar elever, del {k}.", title=f"Coachning {k}")
    model = Model(shk, admin(shk))
    initiatives = model.related_to(i.pk, kind="initiative")
    documents = model.related_to(i.pk, kind="document")
    assert initiatives and all(r.kind == "initiative" for r in initiatives)
    assert documents and all(r.kind == "document" for r in documents)


def test_the_related_page_lists_initiatives_and_documents_apart_without_numbers(client_as):
    page = client_as("lasare").get("/shk/arkiv/samband/studentcoacher/").content.decode()
    assert 'id="related-initiatives"' in page and 'id="related-documents"' in page
    assert "Båda handlar om" in page
    assert "Närhet" not in page


def test_the_map_is_a_picture_with_the_same_in_a_table(client_as):
    page = client_as("lasare").get("/shk/arkiv/samband/").content.decode()
    assert 'role="img"' in page and "<svg" in page
    assert "Kartan som tabell" in page
    assert page.count('class="map-theme"') == page.count('<th scope="row">', page.index("Kartan som tabell"))
    assert "Ja</td>" in page  # at least one theme bridges the two focus areas


def test_map_layout():
    areas = [(1, "Hälsa"), (2, "Lärande")]
    initiatives = {10: ("Äldre A", [1]), 11: ("Äldre B", [2]), 12: ("Skola", [2]), 13: ("Utan tema", [1])}
    themes = [("äldre", [10, 11]), ("skola", [12])]
    layout = map_layout(areas, initiatives, themes)
    assert [t.bridge for t in layout.themes] == [True, False]
    assert {n.key: n.side for n in layout.initiatives} == {10: 0, 11: 1, 12: 1}  # 13 is about no theme
    assert [h[1] for h in layout.headings] == ["Hälsa", "Lärande"]
    assert len(layout.lines) == 3
    assert [line.bridge for line in layout.lines] == [True, True, False]
    for n in layout.initiatives:
        assert 0 < n.x < layout.width and 0 < n.y < layout.height
    # The same data in another order: the same drawing.
    again = map_layout(areas, dict(reversed(list(initiatives.items()))), themes)
    assert again == layout


def test_map_layout_without_themes():
    layout = map_layout([(1, "Hälsa")], {10: ("A", [1])}, [])
    assert layout.initiatives == () and layout.themes == () and layout.lines == ()
    assert layout.height > 0
