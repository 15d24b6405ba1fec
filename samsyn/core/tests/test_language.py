"""Swedish is the product's language whatever the browser asks for; English only by the visitor's choice."""

import pytest


@pytest.mark.parametrize("accept", ["en", "en-US,en;q=0.9", "de-DE", "", "sv-SE"])
def test_swedish_whatever_the_browser_says(client, db, accept):
    response = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="sv"' in body
    assert "Logga in" in body
    assert "Log in" not in body


def test_the_language_switch_chooses_english_and_back(client, db):
    client.post("/sprak/", {"language": "en", "next": "/logga-in/"})
    body = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert '<html lang="en"' in body and "Log in" in body
    client.post("/sprak/", {"language": "sv", "next": "/logga-in/"})
    body = client.get("/logga-in/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sv"' in body and "Logga in" in body


@pytest.mark.parametrize("query", ["?q=%00", "?status=a%00b", "?%00=1"])
def test_a_nul_character_in_an_address_gets_the_bad_request_page_in_swedish(client_as, query):
    response = client_as("processledare").get(f"/shk/styrning/uppdrag/{query}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Adressen går inte att läsa" in body and "Adressen innehåller tecken som inte kan användas." in body


def test_an_address_without_nul_characters_is_let_through(client_as):
    assert client_as("processledare").get("/shk/styrning/uppdrag/?q=%C3%A5r").status_code == 200
