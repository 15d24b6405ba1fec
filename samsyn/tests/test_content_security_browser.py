"""The Content-Security-Policy refuses nothing the pages need, in a real browser: htmx runs, the
stylesheets apply, charts and drawings keep their colours, and the browser reports no violation."""

import pytest

from samsyn.core.testing.browser import assert_assets_loaded, login_via_form
from samsyn.portfolio.models import DecisionProposal

pytestmark = pytest.mark.browser


def watch_violations(page):
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def test_the_pages_run_under_the_policy_without_a_violation(new_page):
    page = new_page()
    violations = watch_violations(page)
    login_via_form(page, "processledare")
    proposal = DecisionProposal.objects.filter(partnership__slug="shk").order_by("pk").first()
    pages = ["/shk/", "/shk/initiativ/", "/shk/larande/natverk/", "/shk/ekonomi/bilaga/", "/shk/uppfoljning/"]
    if proposal is not None:
        pages.append(f"/shk/beslutsunderlag/{proposal.pk}/")
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert_assets_loaded(page)
    # htmx's own request: filtering the initiative list swaps the results in place.
    page.goto("/shk/initiativ/")
    with page.expect_response(lambda r: "/shk/initiativ/" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("#id_phase").select_option(index=1)
    assert violations == []


def test_a_violation_would_be_seen(new_page):
    """The check itself: an inline script on a page under the policy is reported."""
    page = new_page()
    violations = watch_violations(page)
    page.goto("/logga-in/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }")
    page.wait_for_timeout(100)
    assert violations
