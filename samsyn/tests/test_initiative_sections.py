"""The sections other apps add to the initiative page show only what the viewer may see."""

from samsyn.archive.models import Document
from samsyn.archive.testing import registrar
from samsyn.portfolio.models import Initiative

OWNED = "cornerstone-indicators"


def documents_section(client):
    html = client.get(f"/shk/initiativ/{OWNED}/").content.decode()
    start = html.index('<section id="documents"')
    return html[start : html.index("</section>", start)]


def test_documents_the_viewer_may_not_read_are_neither_listed_nor_counted(client_as, shk):
    target = Initiative.objects.get(partnership=shk, slug=OWNED)
    register = registrar(shk)
    register(
        "offentlig.txt",
        "Om Cornerstone",
        title="Offentlig rapport om Cornerstone",
        access="public",
        initiatives=[target],
    )
    register(
        "bilaga.txt",
        "Om Cornerstone",
        title="Hemlig bilaga om Cornerstone",
        access="restricted",
        roles=["board_chair"],
        initiatives=[target],
    )
    assert Document.objects.filter(initiatives=target).count() == 2
    reader = documents_section(client_as("lasare"))
    assert "Offentlig rapport om Cornerstone" in reader and "Hemlig bilaga" not in reader
    admin = documents_section(client_as("admin"))
    assert "Offentlig rapport om Cornerstone" in admin and "Hemlig bilaga om Cornerstone" in admin


def test_decisions_and_meetings_of_the_initiative(client_as, shk):
    html = client_as("lasare").get("/shk/initiativ/demokratisk-infrastruktur/").content.decode()
    start = html.index('<section id="meetings"')
    meetings = html[start : html.index("</section>", start)]
    assert "/shk/styrning/moten/" in meetings
    start = html.index('<section id="decisions"')
    decisions = html[start : html.index("</section>", start)]
    assert "/shk/beslutsunderlag/" in decisions
