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
