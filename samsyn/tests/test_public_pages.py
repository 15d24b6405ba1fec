"""Every page an anonymous visitor can reach, walked and checked by axe as the roles' pages are
(samsyn.core.tests.test_every_page). Here, above every app, because the answering links of the
follow-up's evaluations are where a visitor starts, and the public hub is where everyone may."""

import zlib

from samsyn.archive.models import Document
from samsyn.core.tests.test_every_page import axe_every_page, crawl_as
from samsyn.followup.models import Evaluation
from samsyn.hub.models import Hub, QuestionAnswer, Subscriber


def public_pages():
    """Where an anonymous visitor can start: the start page, and the evaluations' answering links
    and the page after answering (people get them by QR code, not by a link on another page)."""
    codes = Evaluation.objects.exclude(code="").values_list("code", flat=True)
    return (
        "/",
        "/hubb/",
        *(f"/svara/{code}/" for code in codes),
        *(f"/svara/{code}/tack/" for code in codes[:1]),
    )


def test_every_public_page_anonymously(html_checker_or_reason, axe_claims, db):
    # What a visitor sent and nobody has published: an answer waiting for review (the demo's, with
    # a name and an address), a rejected one, and the newsletter's addresses.
    pending = QuestionAnswer.objects.get(status="pending", name="Karin Lind")
    rejected = QuestionAnswer.objects.create(
        partnership=pending.partnership,
        question=pending.question,
        text="Ett avvisat svar om grannarna.",
        status="rejected",
    )
    hub = Hub.objects.get(partnership=pending.partnership)
    Subscriber.objects.create(
        partnership=hub.partnership, hub=hub, email="prenumerant@example.se", status="confirmed", token="t" * 40
    )
    pages = crawl_as("", public_pages())
    assert any(url.startswith("/svara/") for url in pages)
    # The public hub, from its list of partnerships to each published initiative.
    assert {
        "/hubb/",
        "/hubb/shk/",
        "/hubb/shk/nyheter/",
        "/hubb/shk/initiativ/studentcoacher/",
        "/hubb/shk/fragor/vardagen-pa-nya-aldreboendet/",
        "/hubb/shk/arkiv/",
    } <= set(pages)
    shown = {url: zlib.decompress(seen.page).decode() for url, seen in pages.items() if seen.page}
    assert "Att få vara med och duka" in shown["/hubb/shk/fragor/vardagen-pa-nya-aldreboendet/"]
    # The archive's documents that are not public: not a title of them on any public page.
    not_public = list(
        Document.objects.filter(partnership=hub.partnership).exclude(access="public").values_list("title", flat=True)
    )
    assert len(not_public) == 2
    for secret in (
        pending.text[:40],
        "Karin Lind",
        pending.email,
        rejected.text,
        "prenumerant@example.se",
        *not_public,
    ):
        leaks = [url for url, html in shown.items() if secret in html]
        assert not leaks, f"{secret!r} reached public pages: {leaks}"
    failures = {url: seen.status for url, seen in pages.items() if seen.status != 200}
    assert not failures, f"an anonymous visitor was shown links to pages it cannot open: {failures}"
    axe_every_page(html_checker_or_reason, axe_claims, pages, "an anonymous visitor")
