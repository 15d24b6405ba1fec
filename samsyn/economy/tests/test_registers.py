"""The economy's registers in the administration: financing per party and year, and the totals the
partnership's documents printed, with their measure asked as its parts."""

import re

import pytest

from samsyn.core.models import Agreement, AuditEntry, Organization
from samsyn.economy.models import CostLine, Financing, PrintedFigure


@pytest.fixture
def admin(client_as):
    return client_as("admin")


def test_financing_per_party_and_year_is_entered_in_kronor(admin, shk):
    agreement = Agreement.objects.get(partnership=shk, key="2026-2029")
    party = Organization.objects.get(partnership=shk, key="eskilstuna")
    response = admin.post(
        "/shk/administration/finansiering/ny/",
        {
            "agreement": agreement.pk,
            "kind": "contribution",
            "organization": party.pk,
            "year": "2027",
            "amount_ore": "5 000 000",
        },
    )
    assert response.status_code == 302
    row = Financing.objects.get(partnership=shk, agreement=agreement, organization=party, year=2027)
    assert row.amount_ore == 500_000_000
    entry = AuditEntry.objects.get(action="financing.create", object_id=str(row.pk))
    assert entry.after["amount_ore"] == 500_000_000
    assert entry.after["organization"] == "Eskilstuna kommun"
    # The same party and year again is refused in words.
    again = admin.post(
        "/shk/administration/finansiering/ny/",
        {
            "agreement": agreement.pk,
            "kind": "contribution",
            "organization": party.pk,
            "year": "2027",
            "amount_ore": "1",
        },
    )
    assert again.status_code == 200
    assert "Finansiering har redan en post med samma" in again.content.decode()


def test_an_agreement_with_financing_is_not_removed(admin, shk):
    agreement = Agreement.objects.get(partnership=shk, key="2022-2025")
    page = admin.get(f"/shk/administration/avtal/{agreement.pk}/").content.decode()
    assert "kan inte tas bort så länge andra uppgifter hänvisar till den" in page
    response = admin.post(f"/shk/administration/avtal/{agreement.pk}/ta-bort/", follow=True)
    assert "kan inte tas bort så länge andra uppgifter hänvisar till den" in response.content.decode()
    assert Agreement.objects.filter(pk=agreement.pk).exists()


def test_a_printed_figure_s_measure_is_asked_as_its_parts(admin, shk):
    line = CostLine.objects.get(partnership=shk, slug="foljeforskning")
    response = admin.post(
        "/shk/administration/tryckta-summor/ny/",
        {
            "document": "SHK  2025/1",
            "label": "Utfall Följeforskning 2026",
            "as_of": "2026-10-31",
            "printed_ore": "390 000",
            "explanation": "",
            "measure_kind": "outcome",
            "lines": [line.pk],
            "group": "",
            "year": "2026",
            "category": "",
        },
    )
    assert response.status_code == 302
    figure = PrintedFigure.objects.get(partnership=shk, label="Utfall Följeforskning 2026")
    assert figure.measure == {"measure": "outcome", "lines": ["foljeforskning"], "year": 2026}
    assert figure.printed_ore == 39_000_000
    assert figure.key == "utfall-foljeforskning-2026"
    assert figure.document == "SHK 2025/1"  # the archived document's diary number, spaced as numbered
    form = admin.get(f"/shk/administration/tryckta-summor/{figure.pk}/").content.decode()
    assert 'name="year" value="2026"' in form
    assert re.search(rf'<input type="checkbox" name="lines" value="{line.pk}"[^>]*checked', form)
