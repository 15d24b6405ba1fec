"""The chart library: pure functions from numbers to SVG, table-tested without a database."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from samsyn.core.lib import charts
from samsyn.core.lib.charts import GoalRow, Series
from samsyn.core.lib.numbers import format_kronor

SVG = "{http://www.w3.org/2000/svg}"
NBSP = "\xa0"
THREE = [Series("Budget"), Series("Prognos"), Series("Utfall")]
LONG = "Pilotprojekt och seed money för samverkan mellan universitetet och kommunerna i regionen under perioden"


def parse(markup):
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    return root


def texts(root):
    return [t.text for t in root.iter(f"{SVG}text")]


def kr(text):
    return text.replace(" ", NBSP)


CASES = [
    # (name, markup, words the aria-label must say, texts that must be drawn)
    (
        "grouped bars",
        lambda: charts.bar_chart(
            ["Processtöd", "Pilot"],
            THREE,
            [[290_000_000, 280_000_000, 150_000_000], [100_000_000, None, 0]],
            title="Budget 2024",
            fmt=format_kronor,
        ),
        ["Budget 2024", "Processtöd: Budget " + kr("2 900 000"), "Prognos –", "Utfall 0"],
        ["Budget", "Prognos", "Utfall", "Processtöd", kr("2 900 000"), kr("1 000 000")],
    ),
    (
        "a negative value",
        lambda: charts.bar_chart(["Rest"], THREE[:1], [[-5_000_000]], title="Kvar", fmt=format_kronor),
        ["Rest: Budget " + kr("-50 000")],
        [kr("-50 000")],
    ),
    (
        "stacked bars with a total",
        lambda: charts.bar_chart(
            ["2024"],
            [Series("Beslutat"), Series("Kvar")],
            [[80_000_000, 20_000_000]],
            title="Pilotmedel",
            fmt=format_kronor,
            stacked=True,
            total_label="Budget",
        ),
        ["2024: Beslutat " + kr("800 000") + ", Kvar " + kr("200 000") + ", Budget " + kr("1 000 000")],
        ["Budget " + kr("1 000 000")],
    ),
    (
        "more decided than the budget: the stated total, the negative rest said",
        lambda: charts.bar_chart(
            ["2024"],
            [Series("Beslutat"), Series("Kvar")],
            [[130_00, -30_00]],
            title="Pilotmedel",
            fmt=format_kronor,
            stacked=True,
            total_label="Budget",
            totals=[100_00],
        ),
        ["2024: Beslutat 130, Kvar -30, Budget 100"],
        ["Budget 100", "130"],
    ),
    (
        "a long label wraps and is said whole",
        lambda: charts.bar_chart([LONG], THREE[:1], [[1]], title="Lång"),
        [LONG],
        ["Pilotprojekt och seed money för samverkan mellan universitetet och kommunerna i", "regionen under perioden"],
    ),
    (
        "a value far above the goal",
        lambda: charts.goal_chart(
            [GoalRow("2024", 5_000_000_000, 1_000_000_000, Decimal("500.0"))],
            title="Hävstång",
            value_label="Extern",
            goal_label="Mål",
            fmt=format_kronor,
        ),
        ["2024: Extern " + kr("50 000 000") + " (500,0" + NBSP + "%)", "Mål " + kr("10 000 000")],
        ["Mål " + kr("10 000 000"), kr("50 000 000") + " (500,0" + NBSP + "%)", "Extern"],
    ),
    (
        "nothing against the goal",
        lambda: charts.goal_chart(
            [GoalRow("2025", 0, 1_000_000_000, Decimal(0))], title="Hävstång", value_label="Extern", goal_label="Mål"
        ),
        ["2025: Extern " + "0 (0,0" + NBSP + "%)"],
        ["Mål 1" + NBSP + "000" + NBSP + "000" + NBSP + "000"],
    ),
    (
        "a line with a target",
        lambda: charts.line_chart(
            [("2022", 3), ("2023", Decimal("7.5")), ("2024", 12)],
            title="Idéer",
            series_label="Värde",
            target=10,
            target_label="Mål",
        ),
        ["Värde: 2022 3, 2023 7,5, 2024 12", "Mål 10"],
        ["2022", "2024", "7,5", "Mål 10", "Värde"],
    ),
    (
        "one point",
        lambda: charts.line_chart([("2024", 4)], title="Piloter", series_label="Värde"),
        ["Värde: 2024 4"],
        ["2024", "4"],
    ),
    (
        "negative points",
        lambda: charts.line_chart([("2023", -2), ("2024", 3)], title="Saldo", series_label="Värde"),
        ["2023 -2"],
        ["-2", "3"],
    ),
    (
        "stacked columns over time",
        lambda: charts.column_chart(
            ["2022", "2023"],
            [Series("Utforskas"), Series("Pågående")],
            [[3, 0], [2, 4]],
            title="Portföljen",
            total_label="Totalt",
        ),
        ["2022: Utforskas 3, Pågående 0, Totalt 3", "2023: Utforskas 2, Pågående 4, Totalt 6"],
        ["Utforskas", "Pågående", "2022", "6", "4"],
    ),
]


@pytest.mark.parametrize("name,make,said,drawn", CASES, ids=[c[0] for c in CASES])
def test_chart_says_and_draws_its_figures(name, make, said, drawn):
    markup = make()
    root = parse(markup)
    label = root.get("aria-label")
    for words in said:
        assert words in label
    shown = texts(root)
    for text in drawn:
        assert text in shown
    # Colours come from classes on Designsystemet's tokens, never raw values.
    assert not re.search(r'(fill|stroke)="#', str(markup))


@pytest.mark.parametrize(
    "make",
    [
        lambda: charts.bar_chart([], THREE, [], title="Budget", empty="Inga siffror än."),
        lambda: charts.goal_chart([], title="Budget", value_label="V", goal_label="M", empty="Inga siffror än."),
        lambda: charts.line_chart([], title="Budget", series_label="V", empty="Inga siffror än."),
        lambda: charts.column_chart([], THREE, [], title="Budget", empty="Inga siffror än."),
    ],
)
def test_empty_chart_says_so(make):
    root = parse(make())
    assert root.get("aria-label") == "Budget. Inga siffror än."
    assert texts(root) == ["Inga siffror än."]


def test_every_series_after_the_first_has_a_pattern_so_colour_is_not_alone():
    root = parse(charts.bar_chart(["A"], [Series(str(i)) for i in range(4)], [[1, 2, 3, 4]], title="T"))
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect") if r.get("fill")}
    assert len(fills) == 3  # stripes, dots, cross-hatch; the first series is solid
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert {f.removeprefix("url(#").removesuffix(")") for f in fills} == patterns


def test_two_charts_on_a_page_have_their_own_pattern_ids():
    one = parse(charts.bar_chart(["A"], THREE, [[1, 2, 3]], title="Ett"))
    two = parse(charts.bar_chart(["A"], THREE, [[1, 2, 3]], title="Två"))
    assert {p.get("id") for p in one.iter(f"{SVG}pattern")}.isdisjoint({p.get("id") for p in two.iter(f"{SVG}pattern")})


def test_label_and_title_are_escaped():
    root = parse(charts.bar_chart(['<b>"A"</b>'], THREE[:1], [[1]], title="<Budget & mål>"))
    assert root.find(f"{SVG}title").text == "<Budget & mål>"
    assert '<b>"A"</b>' in root.get("aria-label")


def test_the_figure_can_name_its_table():
    root = parse(charts.bar_chart(["A"], THREE[:1], [[1]], title="T", describedby="t-followup"))
    assert root.get("aria-describedby") == "t-followup"


def test_text_is_large_enough_to_read():
    markup = str(charts.line_chart([("2024", 1), ("2025", 2)], title="T", series_label="V", target=2, target_label="M"))
    sizes = [int(s) for s in re.findall(r'font-size="(\d+)"', markup)]
    assert sizes
    assert min(sizes) >= 14
    assert 'viewBox="0 0 720 ' in markup


@pytest.mark.parametrize(
    "value,goal,share",
    [
        (0, 100, Decimal("0.0")),
        (32, 100, Decimal("32.0")),
        (500, 100, Decimal("500.0")),
        (1, 3, Decimal("33.3")),
        (5, 0, None),
    ],
)
def test_percent_of(value, goal, share):
    assert charts.percent_of(value, goal) == share


def test_print_style_gives_the_chart_classes_plain_colours():
    charts_css = """/* a comment */
    .chart-figure { margin: var(--ds-size-4, 1rem); }
    .chart .chart-c1, .chart .chart-c2 { fill: var(--ds-color-accent-base-default); stroke-width: 2; }
    .chart .chart-x { fill: var(--ds-color-unknown); }
    @media print { .chart-figure { break-inside: avoid; } }"""
    tokens_css = ":root { --ds-color-accent-base-default: #0b5394; }"
    assert charts.print_style(charts_css, tokens_css) == (
        ".chart .chart-c1,.chart .chart-c2{fill: #0b5394;stroke-width: 2}"
    )


def test_the_real_print_style_resolves_every_token():
    from pathlib import Path

    static = Path(charts.__file__).resolve().parents[2] / "static" / "samsyn" / "css"
    charts_css = (static / "charts.css").read_text()
    style = charts.print_style(charts_css, (static / "print-tokens.css").read_text())
    assert "var(" not in style
    # Every declaration of the inside of a chart made it: none was dropped for a missing token.
    inside = list(re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", charts_css, flags=re.S)))
    declared = sum(
        len([d for d in body.split(";") if d.strip()])
        for selector, body in inside
        if all(s.strip().startswith(".chart ") for s in selector.split(","))
    )
    assert style.count(";") + style.count("}") - style.count(";}") == declared


def test_inline_print_style_goes_into_charts_only():
    html = '<p>x</p><svg class="qr"></svg><svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" role="img"><title>T</title></svg>'
    out = charts.inline_print_style(html, ".chart text{fill:#000}")
    assert out.count("<style>") == 1
    assert 'role="img"><style>.chart text{fill:#000}</style><title>' in out


def test_a_chart_carries_its_title_for_the_frame_around_it():
    chart = charts.bar_chart(["A"], THREE[:1], [[1]], title="Budget 2024")
    assert chart.name == "Budget 2024"
    assert charts.line_chart([], title="Tomt", series_label="V").name == "Tomt"
