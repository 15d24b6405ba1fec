"""Actions that cannot be undone ask first: the visible button only opens a panel that says what
will happen, and the only submit button is inside it."""

import lxml.html
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


def confirm_html(**extra):
    request = RequestFactory().get("/")
    context = {"action": "/gor/", "label": "Justera", "text": "Protokollet låses.", "yes": "Ja, justera", **extra}
    return lxml.html.fragment_fromstring(render_to_string("core/_confirm.html", context, request=request))


def test_the_button_opens_a_panel_that_explains_and_holds_the_only_submit():
    details = confirm_html()
    assert details.tag == "details" and details.get("open") is None
    summary = details.find("summary")
    assert summary.text_content().strip() == "Justera"
    assert not summary.xpath(".//button")
    forms = details.xpath(".//form")
    assert len(forms) == 1 and forms[0].get("method") == "post" and forms[0].get("action") == "/gor/"
    assert [b.text_content().strip() for b in forms[0].xpath(".//button[@type='submit']")] == ["Ja, justera"]
    assert "Protokollet låses." in details.xpath(".//p")[0].text_content()
    assert forms[0].xpath(".//input[@name='csrfmiddlewaretoken']")


def test_a_small_one_names_what_it_acts_on_for_screen_readers():
    details = confirm_html(small=True, hidden_label="Beslut om pilotmedel")
    assert details.find("summary").text_content().strip() == "Justera: Beslut om pilotmedel"
    assert details.xpath(".//span[@class='visually-hidden']")


def test_the_calendar_page_asks_before_it_makes_a_new_link(client_as):
    with translation.override("sv"):
        page = client_as("processledare").get("/shk/styrning/kalender/")
    doc = lxml.html.document_fromstring(page.content)
    (details,) = doc.xpath("//details[contains(@class, 'confirm')]")
    assert details.find("summary").text_content().strip() == "Skapa en ny länk"
    assert "slutar fungera direkt" in details.text_content()
    assert details.xpath(".//form//button")[0].text_content().strip() == "Ja, skapa en ny länk"
    # No renewing button outside the panel.
    assert not doc.xpath("//main//form[not(ancestor::details)]//button[contains(., 'länk')]")


def test_a_matrix_cell_asks_before_it_removes_an_item(client_as):
    # The cell's remove button once asked only through htmx's script dialog; now the panel asks,
    # with or without script, and its form still posts through htmx with the page's filter.
    with translation.override("sv"):
        page = client_as("processledare").get("/shk/helhetsportfolj/styrelsen/?kind=method")
    doc = lxml.html.document_fromstring(page.content)
    panels = doc.xpath("//details[contains(@class, 'matrix-actions')]//details[contains(@class, 'confirm')]")
    assert panels
    panel = panels[0]
    assert panel.find("summary").text_content().strip().startswith("Ta bort ur helhetsportföljen")
    assert "tas bort ur helhetsportföljen" in panel.xpath(".//p")[0].text_content()
    (form,) = panel.xpath(".//form")
    assert form.get("action").endswith("/ta-bort/") and form.get("hx-post") == form.get("action")
    assert form.get("hx-target") == "#matrix-results"
    assert form.xpath(".//input[@name='filter']")[0].get("value") == "kind=method"
    assert [b.text_content().strip() for b in form.xpath(".//button")] == ["Ja, ta bort ur helhetsportföljen"]
    # No removing form outside a panel, and no script-only question left.
    assert not doc.xpath("//form[contains(@action, '/ta-bort/')][not(ancestor::details[contains(@class, 'confirm')])]")
    assert not doc.xpath("//*[@hx-confirm]")
