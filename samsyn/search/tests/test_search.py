"""The search contract: the same tests run on SQLite (FTS5) and PostgreSQL (tsvector + unaccent)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.archive.models import Document
from samsyn.core.models import FocusArea
from samsyn.core.policy import Actor, Grant
from samsyn.followup.models import ImpactStory
from samsyn.portfolio.models import Initiative, LearningEntry
from samsyn.search import engine
from samsyn.search import text as textlib
from samsyn.search.engine import SearchQuery, search_run
from samsyn.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def actor_with(shk, *roles):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset(Grant(r) for r in roles))


ADMIN = object()


def run(shk, text, actor=ADMIN, **kwargs):
    actor = actor_with(shk, "administrator") if actor is ADMIN else actor
    return search_run(shk, actor, SearchQuery(text=text, **kwargs)).hits


def report_id(shk):
    return Document.objects.get(partnership=shk, kind="report", title__startswith="Årsrapport 2023").pk


def ids(hits, kind="document"):
    return [h.object_id for h in hits if h.kind == kind]


def test_the_backend_is_the_databases_own():
    assert engine.backend().vendor == connection.vendor


def test_postgresql_keeps_the_search_rows_narrow():
    """The long text lives in TOAST, so a common word's matches are filtered on a small heap."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage parameter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'archive_searchentry'")
        assert "toast_tuple_target=128" in cursor.fetchone()[0]


@pytest.mark.parametrize(
    "query",
    [
        "Västerås självständiga äldre",  # correct spelling finds the OCR'd "Vasteras … sjalvstandiga aldre"
        "Vasteras sjalvstandiga aldre",  # and the spelling without diacritics
        "VÄSTERÅS Självständiga ÄLDRE",
    ],
)
def test_diacritics_and_ocr_damage_in_the_annual_report(shk, query):
    assert report_id(shk) in ids(run(shk, query))


def test_ocr_damage_both_directions(shk, register):
    damaged = register("ocr.txt", "Forumserien om méten och sjélvstandiga aldre i Vasteras.")
    clean = register("clean.txt", "Mötesplatser för självständiga äldre i Västerås kommun.")
    assert damaged.pk in ids(run(shk, "möten självständiga äldre"))
    assert clean.pk in ids(run(shk, "sjélvstandiga aldre Vasteras"))


@pytest.mark.parametrize(
    "indexed,query",
    [
        ("Kommunerna deltar i testbäddarna.", "kommun testbädd"),
        ("Kommunens testbädd i Skultuna.", "kommunerna testbäddar"),
        ("Utvärderingar av initiativen gjordes.", "utvärdering initiativ"),
        ("Skolornas elever och äldres hälsa.", "skola äldre"),
    ],
)
def test_inflected_forms(shk, register, indexed, query):
    doc = register("inflected.txt", indexed)
    assert doc.pk in ids(run(shk, query))


def test_every_term_must_match(shk, register):
    doc = register("a.txt", "Cykelvägar i Eskilstuna")
    assert doc.pk in ids(run(shk, "cykelvägar eskilstuna"))
    assert doc.pk not in ids(run(shk, "cykelvägar flygplats"))


def test_ranked_best_first(shk, register):
    weak = register("weak.txt", "Cykelvägar nämns en gång. " + "Annat innehåll här. " * 40)
    strong = register("strong.txt", "Cykelvägar, cykelvägar och åter cykelvägar.")
    hits = run(shk, "cykelvägar")
    order = ids(hits)
    assert order.index(strong.pk) < order.index(weak.pk)
    assert hits[0].score >= hits[-1].score


def test_snippet_marks_matches_and_escapes_html(shk, register):
    register("x.txt", "<script>alert(1)</script> Om Västerås & Eskilstuna")
    hit = next(h for h in run(shk, "vasteras eskilstuna") if h.title.startswith("x.txt"))
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>Västerås</mark>" in hit.snippet and "&amp;" in hit.snippet


def test_other_kinds_are_found(shk):
    kinds = {h.kind for h in run(shk, "äldre", limit=200)}
    assert {"document", "initiative"} <= kinds

    if LearningEntry.objects.filter(partnership=shk).exists():
        entry = LearningEntry.objects.filter(partnership=shk).first()
        word = max(entry.text.split(), key=len).strip(".,:;()")
        assert entry.pk in ids(run(shk, word, limit=200, kinds=("learning",)), kind="learning")


def test_index_follows_documents_saved_and_deleted(shk, register):
    doc = register("k.txt", "Kantarellplockning i Skultuna")
    assert ids(run(shk, "kantarellplockning")) == [doc.pk]
    doc.delete()
    assert ids(run(shk, "kantarellplockning")) == []


def test_index_follows_changes_of_initiatives(shk):
    i = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    i.description = "Zebrafinkar i Kvicksund"
    i.save()
    assert i.pk in ids(run(shk, "zebrafinkarna kvicksund"), kind="initiative")
    i.delete()
    assert not run(shk, "zebrafinkarna")


def test_filters_by_kind_year_and_focus_area(shk, register):
    from datetime import date

    area = FocusArea.objects.filter(partnership=shk).order_by("pk").first()
    initiative = Initiative.objects.filter(partnership=shk, focus_areas=area).first()
    old = register("old.txt", "Lövgrodor i dammen", on=date(2019, 3, 1), initiatives=[initiative])
    new = register("new.txt", "Lövgrodor i sjön", on=date(2024, 3, 1))
    assert set(ids(run(shk, "lövgrodor"))) == {old.pk, new.pk}
    assert ids(run(shk, "lövgrodor", year=2019)) == [old.pk]
    assert ids(run(shk, "lövgrodor", focus_area_id=area.pk)) == [old.pk]
    assert run(shk, "lövgrodor", kinds=("initiative",)) == []


@pytest.mark.parametrize(
    "roles,sees_internal,sees_board_only",
    [
        ((), False, False),  # not a member: public only
        (("reader",), True, False),
        (("board_member",), True, True),
        (("administrator",), True, True),
    ],
)
def test_access_levels_are_part_of_the_query(shk, register, roles, sees_internal, sees_board_only):
    public = register("p.txt", "Hemlighetsfulla kartor", access="public")
    internal = register("i.txt", "Hemlighetsfulla kartor", access="internal")
    board = register("b.txt", "Hemlighetsfulla kartor", access="restricted", roles=["board_member", "board_chair"])
    found = set(ids(run(shk, "hemlighetsfulla kartor", actor=actor_with(shk, *roles) if roles else None)))
    assert public.pk in found
    assert (internal.pk in found) == sees_internal
    assert (board.pk in found) == sees_board_only


def test_paging_has_more(shk, register):
    for n in range(5):
        register(f"page{n}.txt", "Fjällräv i fjällen")
    first = search_run(shk, actor_with(shk, "administrator"), SearchQuery(text="fjällräv", limit=3))
    rest = search_run(shk, actor_with(shk, "administrator"), SearchQuery(text="fjällräv", limit=3, offset=3))
    assert first.has_more and not rest.has_more
    assert len(first.hits) == 3 and len(rest.hits) == 2


def test_empty_and_stop_word_queries_find_nothing(shk):
    assert run(shk, "") == [] and run(shk, "och i att") == []
    assert run(shk, 'AND OR NOT "( *') == []  # no query syntax leaks into the backends


def test_search_command_prints_the_json_contract(shk):
    out = StringIO()
    call_command("search", "Vasteras sjalvstandiga aldre", "--partnership", "shk", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows and all({"kind", "id", "title", "score", "snippet"} <= set(r) for r in rows)
    report = next(r for r in rows if r["kind"] == "document" and r["id"] == report_id(shk))
    assert report["filename"] == "Årsrapport 2023.md"
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_search_page_with_filter(client_as, shk):
    response = client_as("lasare").get("/shk/arkiv/", {"q": "Västerås självständiga äldre", "kind": "document"})
    assert response.status_code == 200
    hits = response.context["result"].hits
    assert hits and {h.kind for h in hits} == {"document"}
    assert "<mark>" in response.content.decode()


def test_search_page_htmx_gets_only_results(client_as, shk):
    html = client_as("lasare").get("/shk/arkiv/", {"q": "äldre"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "<mark>" in html


def _queries(client, params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/shk/arkiv/", params).status_code == 200
    return len(ctx.captured_queries)


def test_search_page_runs_a_fixed_number_of_queries(client_as, shk, register):
    client = client_as("processledare")
    params = {"q": "Skogsmöss"}
    for n in range(3):
        register(f"m{n}.txt", "Skogsmöss i skogen")
    few = _queries(client, params)
    for n in range(3, 25):
        register(f"m{n}.txt", "Skogsmöss i skogen")
    assert _queries(client, params) == few
    assert SearchEntry.objects.filter(partnership=shk, kind="document").count() >= 25


def test_ranking_cost_is_bounded_to_the_newest_matches(shk, register, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    docs = [register(f"k{n}.txt", "Kantareller i skogen") for n in range(5)]
    assert set(ids(run(shk, "kantareller"))) == {d.pk for d in docs[-3:]}


@pytest.mark.parametrize("newest_first", [True, False])
def test_both_ways_to_the_newest_candidates_find_the_same(shk, register, monkeypatch, newest_first):
    """PostgreSQL walks the ids backwards or takes the bitmap scan; the hits are the same."""
    monkeypatch.setattr(engine, "CANDIDATES", 3)
    monkeypatch.setattr(engine.PostgresBackend, "_newest_first", lambda self, *args: newest_first)
    docs = [register(f"k{n}.txt", "Kantareller i skogen" + " kantareller" * n) for n in range(5)]
    assert set(ids(run(shk, "kantareller"))) == {d.pk for d in docs[-3:]}
    assert ids(run(shk, "kantareller"))[0] == docs[-1].pk  # the most mentions ranks first


@pytest.mark.parametrize(
    "fraction,rows,candidates,expected",
    [
        (0.0, 100_000, 500, False),  # no statistics: the bitmap scan
        (0.01, 100_000, 500, False),  # a rare word: few matches to visit
        (0.1, 100_000, 500, False),
        (0.2, 100_000, 500, True),  # 2 500 rows walked against 20 000 matches visited
        (0.65, 100_000, 500, True),
        (0.65, 1_000, 500, False),  # a small archive: walking gains nothing
        (0.2, 100_000, 1000, False),  # more candidates make the walk longer
        (0.5, 0, 500, False),
    ],
)
def test_newest_first_pays_when_matches_are_dense(fraction, rows, candidates, expected):
    assert engine.newest_first_pays(fraction, rows, candidates) is expected


@pytest.mark.parametrize(
    "term_freqs,partnership_freq,expected",
    [
        ([[0.5]], 1.0, 0.5),
        ([[0.5], [0.4]], 1.0, 0.2),  # terms taken as independent
        ([[0.3, 0.3, 0.6]], 1.0, 1.0),  # readings of one word add up, at most all rows
        ([[0.5], [0.0]], 1.0, 0.0),  # a rare word makes the query rare
        ([[0.5]], 0.0, 0.0),  # a partnership missing from the statistics
        ([], 1.0, 0.0),
    ],
)
def test_match_fraction(term_freqs, partnership_freq, expected):
    assert engine.match_fraction(term_freqs, partnership_freq) == pytest.approx(expected)


def test_postgresql_reads_its_statistics_for_the_choice(shk, register):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    register("s.txt", "Kantareller i skogen")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_searchentry")
        # A small archive: the model keeps the bitmap scan, and the statistics query runs.
        assert (
            engine.PostgresBackend()._newest_first(cursor, textlib.query_terms("kantareller"), shk.pk, False) is False
        )
        assert engine.PostgresBackend()._newest_first(cursor, textlib.query_terms("kantareller"), shk.pk, True) is False


@pytest.mark.parametrize(
    "roles,finds_unpublished",
    [
        (("administrator",), True),
        (("process_leader",), True),
        (("communicator",), True),
        (("reader",), False),
        (("core_team_member",), False),
        (("board_member",), False),
    ],
)
def test_a_story_without_consent_is_found_only_by_those_who_may_see_it(shk, roles, finds_unpublished):
    story = ImpactStory.objects.create(
        partnership=shk, key="hemlig-berattelse", person_name="Kim Exempelsson", text="Zygomorfa blommor i Skultuna"
    )
    actor = actor_with(shk, *roles)
    assert bool(ids(run(shk, "zygomorfa", actor), "impact_story")) is finds_unpublished
    assert bool(ids(run(shk, "Exempelsson", actor), "impact_story")) is finds_unpublished
    story.consent_to_publish = True
    story.save()
    assert ids(run(shk, "zygomorfa", actor), "impact_story") == [story.pk]


# Letters and digits whose folded form holds what a search syntax reads as operators: NFKD makes
# "⑴" "(1)", "ͺ" a space, "℀" "a/c", "ǅ" "dž"; quotes and backslashes reach the query only this way.
@pytest.mark.parametrize("query", ["⑴", "a⑵b", "ͺ", "aͺb", "℀", "ǅ", "x²", "ﬁ", "Ⅻ", "⒜ beslut", "styrelsen ⑽ beslut"])
def test_odd_letters_give_a_result_not_an_error(shk, query):
    assert isinstance(run(shk, query), list)


@pytest.mark.parametrize(
    "reading,literal", [("ab", "'ab'"), ("a(1)b", "'a(1)b'"), ("o'neil", "'o''neil'"), ("a\\b", "'a\\\\b'")]
)
def test_a_tsquery_literal_is_quoted(reading, literal):
    assert engine.tsquery_literal(reading) == literal
