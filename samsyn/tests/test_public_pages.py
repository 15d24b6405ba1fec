"""Every page an anonymous visitor can reach, walked and checked by axe as the roles' pages are
(samsyn.core.tests.test_every_page). Here, above every app, because the answering links of the
follow-up's evaluations are where a visitor starts, and the public hub is where everyone may."""

from samsyn.core.tests.test_every_page import axe_every_page, crawl_as
from samsyn.followup.models import Evaluation


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
    pages = crawl_as("", public_pages())
    assert any(url.startswith("/svara/") for url in pages)
    # The public hub, from its list of partnerships to each published initiative.
    assert {"/hubb/", "/hubb/shk/", "/hubb/shk/nyheter/", "/hubb/shk/initiativ/studentcoacher/"} <= set(pages)
    failures = {url: seen.status for url, seen in pages.items() if seen.status != 200}
    assert not failures, f"an anonymous visitor was shown links to pages it cannot open: {failures}"
    axe_every_page(html_checker_or_reason, axe_claims, pages, "an anonymous visitor")
