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


def test_a_missing_word_still_finds_and_more_words_rank_higher(shk, register):
    every = register("all.txt", "Styrelsens beslut om pilotmedel för trygghet i skolan", title="Alla orden")
    most = register("most.txt", "Styrelsen fattade beslut om pilotmedel för trygghet", title="Utom ett")
    one = register("one.txt", "Pilotmedel " * 6, title="Ett ord, ofta")
    order = ids(run(shk, "styrelsens beslut om pilotmedel för trygghet i skolan", limit=50))
    assert order.index(every.pk) < order.index(most.pk) < order.index(one.pk)
    assert order[0] == every.pk


def test_an_old_text_that_matches_best_is_found_among_many_newer(shk, register):
    """Every match is ranked, not only the newest: the best text comes first whatever its age."""
    best = register("old.txt", "Kantareller, kantareller och kantareller i skogen")
    for n in range(12):
        register(f"new{n}.txt", "Kantareller nämns en gång bland mycket annat. " + "Annat innehåll. " * 20)
    assert ids(run(shk, "kantareller"))[0] == best.pk


def test_a_quoted_phrase_must_occur_as_written(shk, register):
    phrase = register("phrase.txt", "Resultat i skolan har förbättrats")
    apart = register("apart.txt", "Skolan redovisade resultat för året")
    assert set(ids(run(shk, "resultat skolan"))) >= {phrase.pk, apart.pk}
    found = ids(run(shk, '"resultat i skolan"'))
    assert phrase.pk in found and apart.pk not in found


def test_a_minus_word_excludes_texts_that_hold_it(shk, register):
    cykel = register("c.txt", "Cykelvägar i Eskilstuna")
    both = register("cf.txt", "Cykelvägar och flygplats i Eskilstuna")
    assert {cykel.pk, both.pk} <= set(ids(run(shk, "cykelvägar")))
    assert ids(run(shk, "cykelvägar -flygplats")) == [cykel.pk]
    assert run(shk, "-cykelvägar") == []  # nothing asked for: nothing found


@pytest.mark.parametrize(
    "indexed,query",
    [
        ("Mobil trygghetslösning för äldre", "trygghetslösningar"),
        ("Lösningar för trygghet i hemmet", "trygghetslösningar"),
        ("Resultat i skolan", "skolresultat"),
        ("Skolresultat i årskurs nio", "resultat skola"),
    ],
)
def test_compounds_meet_their_parts(shk, register, indexed, query):
    doc = register("compound.txt", indexed)
    assert doc.pk in ids(run(shk, query))


def test_a_compound_finds_the_demo_documents_with_its_parts(shk):
    found = [h.title for h in run(shk, "förnyelselabb", kinds=("document",))]
    assert any(t.startswith("Protokoll styrelsemöte 2024-09-19") for t in found), found


# The ordering contract, the same on SQLite and PostgreSQL: the test runs on both databases and
# expects one order.
CONTRACT = [
    ("k1.txt", "Kantarellplockning i Skultuna med äldre och barn"),
    ("k2.txt", "Kantarellplockning i Skultuna"),
    ("k3.txt", "Kantarellplockning, kantarellplockning och åter kantarellplockning"),
    ("k4.txt", "Svampar i Skultuna: " + "annat " * 30 + "kantarellplockning"),
    ("k5.txt", "Äldre och barn i Skultuna"),
]


@pytest.mark.parametrize(
    "query,expected",
    [
        # k5 holds three of the four words, k2 and k4 two (k2 the shorter text), k3 one.
        ("kantarellplockning skultuna äldre barn", ["k1", "k5", "k2", "k4", "k3"]),
        ("kantarellplockning", ["k3", "k2", "k1", "k4"]),
        ("kantarellplockning -barn", ["k3", "k2", "k4"]),
    ],
)
def test_the_order_is_the_same_on_both_databases(shk, register, query, expected):
    docs = {
        register(name, text, title=name.removesuffix(".txt")).pk: name.removesuffix(".txt") for name, text in CONTRACT
    }
    found = [docs[pk] for pk in ids(run(shk, query, limit=50)) if pk in docs]
    assert found == expected


def test_ranked_best_first(shk, register):
    weak = register("weak.txt", "Cykelvägar nämns en gång. " + "Annat innehåll här. " * 40)
    strong = register("strong.txt", "Cykelvägar, cykelvägar och åter cykelvägar.")
    hits = run(shk, "cykelvägar")
    order = ids(hits)
    assert order.index(strong.pk) < order.index(weak.pk)
    assert hits[0].score > hits[-1].score


def test_snippet_marks_matches_and_escapes_html(shk, register):
    register("x.txt", "<script>alert(1)</script> Om Västerås & Eskilstuna, 1 < 2", title="x.txt titel")
    hit = next(h for h in run(shk, "vasteras eskilstuna") if h.title.startswith("x.txt"))
    assert "script" not in hit.snippet and "alert" not in hit.snippet
    assert "<mark>Västerås</mark>" in hit.snippet and "&amp;" in hit.snippet and "1 &lt; 2" in hit.snippet


def test_snippets_and_titles_show_no_markup(shk, register):
    register(
        "anteckningar.md",
        "# Arbetsgrupp bemanning\n\n## **Närvarande:**\n\nAnna Lind\n\n<table><tr><td><b>Summa</b></td><td>1 250</td></tr></table>",
    )
    hit = next(h for h in run(shk, "närvarande summa bemanning") if h.kind == "document")
    assert hit.title.startswith("Arbetsgrupp bemanning (")  # no title given: its own heading
    for markup in ("#", "**", "&lt;", "<b>", "<td>"):
        assert markup not in hit.snippet, hit.snippet
    assert "<mark>Närvarande</mark>" in hit.snippet and "<mark>Summa</mark>" in hit.snippet


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
    assert run(shk, '"( * - "') == []  # no query syntax leaks into the backends
    assert isinstance(run(shk, 'AND OR NOT "( *'), list)  # words like any other


def test_search_command_prints_the_json_contract(shk):
    out = StringIO()
    call_command("search", "Vasteras sjalvstandiga aldre", "--partnership", "shk", "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows and all({"kind", "id", "title", "score", "snippet"} <= set(r) for r in rows)
    report = next(r for r in rows if r["kind"] == "document" and r["id"] == report_id(shk))
    assert report["filename"] == "Årsrapport 2023.md"
    order = [(r["words"], r["score"]) for r in rows]
    assert order == sorted(order, reverse=True)


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


def test_a_mistyped_word_gets_a_suggestion_from_the_index(client_as, shk):
    result = search_run(shk, actor_with(shk, "reader"), SearchQuery(text="trygghte äldre"))
    assert result.suggestion == "trygghet äldre"
    assert search_run(shk, actor_with(shk, "reader"), SearchQuery(text="trygghet äldre")).suggestion is None
    html = client_as("lasare").get("/shk/arkiv/", {"q": "trygghte äldre"}).content.decode()
    assert 'Menade du <a href="?q=trygghet%20%C3%A4ldre">trygghet äldre</a>?' in html
