"""The start page's panel about the agreement in force and the parties."""

from __future__ import annotations

from datetime import date

import pytest

from samsyn.core import fragments, selectors
from samsyn.core.models import Agreement, Membership, Organization, Partnership

ON = date(2025, 6, 1)


@pytest.fixture
def partnership(db):
    p = Partnership.objects.create(slug="avtalstest", name="Avtalstest")
    for key, name, number, start, end in [
        ("b", "Bstad", "212000-0001", date(2022, 1, 1), None),
        ("a", "Astad <kommun>", "", date(2022, 1, 1), date(2025, 12, 31)),
        ("c", "Cstad", "212000-0003", date(2026, 1, 1), None),  # joins later
        ("d", "Dstad", "212000-0004", None, date(2024, 12, 31)),  # has left
    ]:
        org = Organization.objects.create(partnership=p, key=key, name=name, org_number=number, kind="municipality")
        Membership.objects.create(partnership=p, organization=org, start=start, end=end)
    return p


def test_the_agreement_in_force_and_the_current_parties_by_name(partnership):
    Agreement.objects.create(
        partnership=partnership, key="1", title="Avtal 2019", start=date(2019, 1, 1), end=date(2021, 12, 31)
    )
    Agreement.objects.create(
        partnership=partnership, key="2", title="Avtal 2022", start=date(2022, 1, 1), end=date(2025, 12, 31)
    )
    summary = selectors.agreement_summary(partnership, ON)
    assert summary.agreement == ("Avtal 2022", date(2022, 1, 1), date(2025, 12, 31))
    assert summary.parties == [("Astad <kommun>", ""), ("Bstad", "212000-0001")]


def test_without_an_agreement_in_force_the_latest_is_shown(partnership):
    Agreement.objects.create(
        partnership=partnership, key="1", title="Avtal 2019", start=date(2019, 1, 1), end=date(2021, 12, 31)
    )
    Agreement.objects.create(
        partnership=partnership, key="2", title="Avtal 2023", start=date(2023, 1, 1), end=date(2024, 12, 31)
    )
    assert selectors.agreement_summary(partnership, ON).agreement == (
        "Avtal 2023",
        date(2023, 1, 1),
        date(2024, 12, 31),
    )


def test_no_agreement_at_all(partnership):
    assert selectors.agreement_summary(partnership, ON).agreement is None


def test_the_panel_in_words_escaped_with_an_open_end():
    summary = selectors.AgreementSummary(
        agreement=("Avtal & bilagor", date(2022, 1, 1), None),
        parties=[("Astad <kommun>", ""), ("Bstad", "212000-0001")],
    )
    assert str(fragments.agreement_summary_html(summary)) == (
        "<p>Avtal &amp; bilagor: 2022-01-01 – …</p>\n"
        '<ul class="plain"><li>Astad &lt;kommun&gt;</li>'
        '<li>Bstad <span class="muted">(org.nr 212000-0001)</span></li></ul>'
    )


def test_the_start_page_shows_the_panel(client_as):
    html = client_as("processledare").get("/shk/").content.decode()
    assert "Avtal och parter" in html
    assert "org.nr" in html
