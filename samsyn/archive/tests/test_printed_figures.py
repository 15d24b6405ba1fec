"""An archived document's page lists the figures the document printed, as kept for the finance
appendix's reconciliation, and lets an administrator record another one for that document."""

import pytest
from django.urls import reverse

from samsyn.archive.models import Document
from samsyn.economy.models import PrintedFigure

pytestmark = pytest.mark.django_db


def page(client, shk, number):
    document = Document.objects.get(partnership=shk, diary_number=number)
    return client.get(reverse("archive:document_detail", args=["shk", document.pk])).content.decode()


def test_the_document_page_lists_its_printed_tables_with_a_link_to_the_reconciliation(client_as, shk):
    html = page(client_as("ekonomi"), shk, "SHK 2024/1")
    assert "Tal som tryckts i handlingen" in html
    assert "Bilaga 1: Specifikation utfall per augusti 2024</a>, 25 tal per 2024-08-31" in html
    assert reverse("economy:appendix", args=["shk"]) + "?per=2024-08-31#reconciliation" in html
    # Only an administrator records figures.
    assert "Registrera ett tal som tryckts i handlingen" not in html
    # No file hashes on a page people read.
    assert "SHA-256" not in html


def test_a_document_with_no_printed_figures_says_so_to_an_administrator(client_as, shk):
    html = page(client_as("admin"), shk, "SHK 2022/1")
    assert "Inga tal ur handlingen är registrerade." in html
    assert "?document=SHK%202022/1&amp;as_of=2022-01-01" in html


def test_an_administrator_records_a_figure_for_the_document(client_as, shk):
    client = client_as("admin")
    url = reverse("administration_new", args=["shk", "tryckta-summor"])
    form = client.get(url + "?document=SHK%202023/1&as_of=2023-11-30").content.decode()
    assert 'value="SHK 2023/1"' in form
    assert 'value="2023-11-30"' in form
    data = {
        "document": "SHK 2023/1",
        "label": "Bilaga 1: Följeforskning, Utfall 2023",
        "as_of": "2023-10-31",
        "printed_ore": "906 027",
        "measure_kind": "outcome",
        "year": "2023",
    }
    unknown = client.post(url, {**data, "document": "SHK 1999/9"}).content.decode()
    assert "Ingen handling i arkivet har diarienumret SHK 1999/9." in unknown
    assert not PrintedFigure.objects.filter(partnership=shk, document="SHK 1999/9").exists()
    response = client.post(url, data)
    assert response.status_code == 302
    figure = PrintedFigure.objects.get(partnership=shk, label="Bilaga 1: Följeforskning, Utfall 2023")
    assert (figure.document, figure.printed_ore) == ("SHK 2023/1", 906_027_00)
    html = page(client, shk, "SHK 2023/1")
    assert "Bilaga 1: Följeforskning, Utfall 2023</a>: 906 027 kr per 2023-10-31" in html.replace("\xa0", " ")
