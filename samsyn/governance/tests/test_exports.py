"""PDFs read back, and pages that run a constant number of queries."""

import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.core.models import Person
from samsyn.governance.models import Advice, AgendaItem, Assignment, Attachment, Attendance, Decision, Meeting

pytestmark = pytest.mark.django_db


def text_of(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


def meeting(shk, key):
    return Meeting.objects.get(partnership=shk, key=key)


def test_minutes_pdf_has_the_seed_structure(shk, client_as):
    m = meeting(shk, "styrelse-2024-09-19")
    text = text_of(client_as("lasare").get(reverse("governance:minutes_pdf", args=["shk", m.pk])))
    for expected in [
        "Protokoll Samhällskontraktet Styrelsemöte",
        "Närvarande",
        "Jonas Stier (ersätter Anna Letterstål)",
        "1. Protokoll föregående möte",
        "Medskick från styrelsen",
        "Karin Axelsson får i uppdrag",
        "Kommande möte",
        "26 november kl 09.00 – 12.00, Eskilstuna.",
    ]:
        assert expected in text, expected
    assert text.index("2. Ekonomi") < text.index("3. Processledarrapport") < text.index("9. Kommande styrelsemöte")


def test_agenda_pdf_carries_its_attachments(shk, client_as):
    from pypdf import PdfReader

    m = meeting(shk, "styrelse-2024-09-19")
    r = client_as("lasare").get(reverse("governance:agenda_pdf", args=["shk", m.pk]))
    text = text_of(r)
    assert "Dagordning" in text and "Bilaga 2: Processledarrapport" in text
    # The process leader's report is generated into the PDF, after the agenda.
    assert "Få utlysningar berör SHK:s nuvarande initiativ" in text
    assert text.index("Hemläxa") < text.index("Få utlysningar")
    assert len(PdfReader(BytesIO(r.content)).pages) >= 1 + 4


def test_agenda_pdf_includes_the_finance_appendix_for_those_who_may_read_it(shk, client_as):
    m = meeting(shk, "styrelse-2024-09-19")
    text = text_of(client_as("processledare").get(reverse("governance:agenda_pdf", args=["shk", m.pk])))
    appendix = text[text.index("Bilaga 1: Budget och utfall per 31 augusti 2024") :]
    assert "Övergripande processtöd" in appendix


def test_report_pdf(shk, client_as):
    m = meeting(shk, "styrelse-2023-11-30")
    text = text_of(client_as("lasare").get(reverse("governance:report_pdf", args=["shk", m.pk])))
    assert "Processledarrapport till mötet 2023-11-30" in text
    assert "Mål 5" in text and "FORMAS" in text


def _grow(shk, m, n):
    people = list(Person.objects.filter(partnership=shk)[:n])
    base = (max(m.items.values_list("number", flat=True), default=0) or 0) + 1
    for k in range(n):
        item = AgendaItem.objects.create(
            partnership=shk, meeting=m, number=base + k, title=f"Punkt {k}", presenter=people[k % len(people)]
        )
        Decision.objects.create(partnership=shk, item=item, text="Beslut")
        Advice.objects.create(partnership=shk, item=item, text="Medskick")
        Assignment.objects.create(partnership=shk, item=item, text="Uppdrag", assignee=people[k % len(people)])
        Attachment.objects.create(partnership=shk, meeting=m, item=item, number=100 + base + k, title=f"Bilaga {k}")
    for p in people:
        Attendance.objects.get_or_create(partnership=shk, meeting=m, person=p)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["meeting", "agenda", "report"])
def test_meeting_pages_run_a_constant_number_of_queries(shk, client_as, name, no_search_index):
    m = Meeting.objects.create(partnership=shk, key="q", kind="board", title="Styrelsemöte", date=date(2031, 1, 1))
    client = client_as("processledare")
    if name == "report":
        client.post(reverse("governance:report_draft", args=["shk", m.pk]))
    url = reverse(f"governance:{name}", args=["shk", m.pk])
    _grow(shk, m, 2)
    small = _count(client, url)
    _grow(shk, m, 15)
    assert _count(client, url) == small


@pytest.mark.parametrize("name", ["index", "assignments", "requisitions", "goals", "spending"])
def test_lists_run_a_constant_number_of_queries(shk, client_as, name, no_search_index):
    client = client_as("processledare")
    url = reverse(f"governance:{name}", args=["shk"])
    small = _count(client, url)
    m = Meeting.objects.create(partnership=shk, key="q2", kind="board", title="Styrelsemöte", date=date(2031, 2, 1))
    _grow(shk, m, 12)
    assert _count(client, url) == small
