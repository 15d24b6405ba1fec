"""Sense-making: related initiatives and documents with reasons, bridges, themes."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from samsyn.core.models import FocusArea
from samsyn.core.policy import Actor, Grant
from samsyn.portfolio.models import Initiative
from samsyn.search.related import Model

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
    assert {"bikupor", "pollinerare", "stadsodling"} & {t.lower() for t in top.terms}
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


@pytest.mark.parametrize("url", ["/shk/arkiv/samband/", "/shk/arkiv/samband/studentcoacher/"])
def test_pages(client_as, url):
    assert client_as("lasare").get(url).status_code == 200
