"""The ranking's pure parts: BM25's factors and how a query becomes weighted terms. No database."""

import math

import pytest

from samsyn.search.engine import idf, impact, query_plan
from samsyn.search.text import parse_query


@pytest.mark.parametrize(
    "tf,dl,avgdl,expected",
    [
        (1, 100, 100, 1.0),  # one mention in a text of average length
        (2, 100, 100, 2 * 2.2 / 3.2),
        (1, 200, 100, 2.2 / (1 + 1.2 * 1.75)),  # a longer text weighs a mention less
        (1, 50, 100, 2.2 / (1 + 1.2 * 0.625)),
        (100, 100, 100, 100 * 2.2 / 101.2),  # saturates below k1 + 1
        (1, 10, 0, 2.2 / (1 + 1.2 * (0.25 + 7.5))),  # no average yet: taken as 1
    ],
)
def test_impact(tf, dl, avgdl, expected):
    assert impact(tf, dl, avgdl) == pytest.approx(expected)


@pytest.mark.parametrize(
    "df,n,expected",
    [
        (1, 100, math.log(1 + 99.5 / 1.5)),
        (50, 100, math.log(1 + 50.5 / 50.5)),
        (100, 100, math.log(1 + 0.5 / 100.5)),  # in every text: small, never negative
    ],
)
def test_idf(df, n, expected):
    assert idf(df, n) == pytest.approx(expected)


STATS = {"": (100, 10_000), "trygg": (10, 20), "losning": (5, 9), "trygghetslosning": (1, 1), "skol": (30, 80)}


def test_a_compound_asks_for_itself_in_full_and_its_parts_by_half():
    plan = query_plan(parse_query("trygghetslösningar skola"), STATS)
    assert plan is not None
    assert {(t, word, cov) for t, word, cov, _ in plan.terms} == {
        ("trygghetslosning", 0, 1.0),
        ("trygg", 0, 0.5),
        ("losning", 0, 0.5),
        ("skol", 1, 1.0),
    }
    assert plan.avgdl == 100
    # The texts holding every word are walked from the rarest word.
    assert plan.rarest == "trygghetslosning" and plan.others == (("skol",),)


@pytest.mark.parametrize(
    "query,stats,expected_terms",
    [
        ("okänt", STATS, None),  # no word the index knows: nothing to rank
        ("skola", {"": (0, 0), "skol": (1, 1)}, None),  # an empty index
        ("skola okänt", STATS, {"skol"}),  # an unknown word drops out, the known one stays
        ('skola -trygghet "skola i"', STATS, {"skol"}),
    ],
)
def test_query_plan_edges(query, stats, expected_terms):
    plan = query_plan(parse_query(query), stats)
    if expected_terms is None:
        assert plan is None
    else:
        assert plan is not None and {t for t, _, _, _ in plan.terms} == expected_terms


def test_exclusions_and_phrases_are_stemmed_like_the_index():
    plan = query_plan(parse_query('"skolan i staden" -trygghet'), {**STATS, "skolan": (2, 2)})
    assert plan is not None
    assert plan.excluded == ("trygg",)
    assert plan.phrases == (("skolan", "i", "stad"),)
