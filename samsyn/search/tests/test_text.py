"""Folding, OCR readings, the Swedish stemmer, compounds, queries and plain text: pure functions, no database."""

import pytest

from samsyn.search.text import (
    ParsedQuery,
    compound_split,
    fold,
    parse_query,
    plain_text,
    query_terms,
    split_probes,
    stem,
    stems,
    suggestion,
    title_of,
    typo_variants,
    variants,
)


@pytest.mark.parametrize(
    "word,expected",
    [
        ("Västerås", ("vasteras",)),
        ("ÄLDRE", ("aldre",)),
        ("Öhrling", ("ohrling",)),
        ("sjélvstandiga", ("sjelvstandiga", "sjalvstandiga", "sjolvstandiga")),  # OCR: é for ä
        ("méten", ("meten", "maten", "moten")),  # OCR: é for ö
        ("idé", ("ide", "ida", "ido")),
        ("plain", ("plain",)),
    ],
)
def test_variants(word, expected):
    assert variants(word) == expected


@pytest.mark.parametrize(
    "a,b",
    [
        ("äldre", "äldres"),
        ("äldre", "aldre"),
        ("självständiga", "sjalvstandiga"),
        ("kommun", "kommunerna"),
        ("kommun", "kommunens"),
        ("initiativ", "initiativen"),
        ("testbädd", "testbäddar"),
        ("skola", "skolor"),
        ("skolan", "skolans"),
        ("utvärdering", "utvärderingar"),
        ("möte", "möten"),
        ("hälsofrämjande", "halsoframjande"),
    ],
)
def test_inflected_forms_share_a_stem(a, b):
    assert stem(variants(a)[0]) == stem(variants(b)[0])


@pytest.mark.parametrize(
    "word,expected",
    [
        # Snowball Swedish reference outputs (folded input).
        ("klokaste", "klok"),
        ("jaktkarlarne", "jaktkarl"),
        ("trygghetslosningar", "trygghetslosning"),
        ("fullt", "fullt"),  # too short for R1
        # and the definite neuter that Snowball leaves
        ("labbet", "labb"),
        ("samhallet", "samhall"),
        ("projektet", "projek"),  # as "projekt" (Snowball undoubles kt)
        ("projekt", "projek"),
        ("paket", "paket"),  # too short to be a definite form
        ("trygghet", "trygg"),  # -het is Snowball's own
        ("ab", "ab"),
        ("2024", "2024"),
    ],
)
def test_snowball_cases(word, expected):
    assert stem(word) == expected


def test_fold_keeps_every_reading():
    assert fold("Möten i Västerås, méten") == "moten i vasteras meten maten moten"


def test_stems_of_a_text():
    assert stems("Självständiga äldre") == "sjalvstand aldr"


def test_query_terms_drop_stop_words_and_repeats():
    assert query_terms("äldre och ÄLDRE i Västerås") == [("aldre",), ("vasteras",)]
    assert query_terms("och i att") == []


# The vocabulary of a partnership: stem -> in how many texts.
VOCABULARY = {
    "trygg": 5,
    "trygghet": 2,
    "losning": 4,
    "skol": 9,
    "result": 3,
    "forny": 2,
    "labb": 6,
    "kommun": 30,
    "ern": 1,
    "mobil": 1,
}


@pytest.mark.parametrize(
    "word,expected",
    [
        ("trygghetslosningar", (("trygghet", "trygg"), "losning")),  # linking s dropped, both stems known
        ("skolresultat", (("skol",), "result")),
        ("fornyelselabb", (("forny",), "labb")),
        ("kommunerna", None),  # an inflection is not a part
        ("mobilab", None),  # shorter than two parts of four letters
        ("mobillabb", (("mobil",), "labb")),
        ("mobilresultat", (("mobil",), "result")),
        ("trygghetsrad", None),  # a part the vocabulary does not know
        ("skol2024labb", None),  # not a word
        ("", None),
    ],
)
def test_compound_split(word, expected):
    found = compound_split(word, VOCABULARY)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert (set(found[0]), found[1]) == (set(expected[0]), expected[1])


def test_compound_split_prefers_the_most_common_parts():
    # "skolresultat" could be skol|resultat or skolres|ultat if both were known: the parts seen
    # in more texts win.
    assert compound_split("skolresultat", {**VOCABULARY, "skolr": 1, "ultat": 1}) == (("skol",), "result")


def test_split_probes_ask_for_every_part_the_split_may_use():
    vocabulary_needed = {"trygghet", "trygg", "losning"}
    assert vocabulary_needed <= split_probes("trygghetslosningar")
    assert split_probes("kort") == frozenset()


@pytest.mark.parametrize(
    "query,expected",
    [
        ("äldre i Västerås", ParsedQuery(words=(("aldre",), ("vasteras",)))),
        ("äldre ÄLDRE", ParsedQuery(words=(("aldre",),))),
        (
            '"spiral of inquiry" skola',
            ParsedQuery(words=(("spiral",), ("of",), ("inquiry",), ("skola",)), phrases=(("spiral", "of", "inquiry"),)),
        ),
        (
            '"resultat i skolan"',
            ParsedQuery(words=(("resultat",), ("skolan",)), phrases=(("resultat", "i", "skolan"),)),
        ),
        ('"ensam"', ParsedQuery(words=(("ensam",),))),  # a phrase of one word is a word
        ("trygghet -mobil", ParsedQuery(words=(("trygghet",),), excluded=(("mobil",),))),
        ("-mobil", ParsedQuery(excluded=(("mobil",),))),
        ("Core-Team", ParsedQuery(words=(("core",), ("team",)))),  # a hyphen inside a word excludes nothing
        ('"oavslutad fras', ParsedQuery(words=(("oavslutad",), ("fras",)))),
        ("och i att", ParsedQuery()),
        ("", ParsedQuery()),
    ],
)
def test_parse_query(query, expected):
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("## **Närvarande:**\n\n- Anna *Lind*", "Närvarande:\nAnna Lind"),
        ("<table><tr><td><b>Summa</b></td><td>1 250</td></tr></table>", "Summa  1 250"),
        ("&lt;b&gt;Summa&lt;/b&gt;", "Summa"),  # markup escaped once more is markup still
        ("[Länken](https://example.org) och `kod`", "Länken och kod"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a  b\n\n  1  2"),
        ("> citat\n\n---\n\nslut", "citat\n\nslut"),
        ("Vanlig text med 3 * 4 = 12 och a < b.", "Vanlig text med 3 * 4 = 12 och a < b."),
        ("<script>alert(1)</script>Om Västerås", "Om Västerås"),
        ("", ""),
    ],
)
def test_plain_text(text, expected):
    assert plain_text(text).strip() == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("# Workshop om föräldrastöd\n\nText", "Workshop om föräldrastöd"),
        ("Inledning\n\n## Rubrik längre ned", "Rubrik längre ned"),
        ("<html><head><title>Budget 2025</title></head><body>x</body></html>", "Budget 2025"),
        ("Första raden\nandra", "Första raden"),
        ("x" * 200, ""),  # a first line too long to be a title
        ("", ""),
    ],
)
def test_title_of(text, expected):
    assert title_of(text) == expected


@pytest.mark.parametrize(
    "reading,near,far",
    [
        ("tryghet", "trygghet", "tryghetx1"),  # a letter left out
        ("trygghett", "trygghet", "trygg"),  # one too many
        ("trygghte", "trygghet", "tryggh"),  # two swapped
        ("trygxhet", "trygghet", "trxgxhex"),  # one changed
    ],
)
def test_typo_variants_are_one_slip_away(reading, near, far):
    variants_ = typo_variants(reading)
    assert near in variants_ and far not in variants_ and reading not in variants_


@pytest.mark.parametrize("reading", ["abc", "a" * 17, "2024", "ab1cd"])
def test_typo_variants_leave_short_long_and_odd_words_alone(reading):
    assert typo_variants(reading) == frozenset()


@pytest.mark.parametrize(
    "query,known,expected",
    [
        ("tryghet i skolan", {"trygg": 5, "skolan": 2}, "trygghet skolan"),
        ("trygghet skolan", {"trygg": 5, "skolan": 2}, None),  # every word known: nothing to suggest
        ("qzxqzx", {"trygg": 5}, None),  # no neighbour known
        ("projket", {"projek": 4}, "projekt"),
        ("skoal", {"skol": 9, "skal": 2}, "skola"),  # the best-known neighbour, the longest of equals
    ],
)
def test_suggestion(query, known, expected):
    parsed = parse_query(query)
    assert suggestion(parsed.words, list(parsed.typed), known) == expected
