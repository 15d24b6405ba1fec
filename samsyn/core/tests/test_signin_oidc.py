"""Sign-in with a partnership's own OpenID Connect provider, end to end against a real one:
django-oauth-toolkit in a process of its own (samsyn.core.testing.oidc_provider), spoken to over
HTTP, its ID tokens signed with a key it made when it started.

The HTTP tests drive Samsyn with the test client and the provider with requests, as a browser
would: Samsyn's redirect to the provider, the provider's login form, its redirect back with the
code. The browser test does the same with Chromium against the live server."""

import os
import re
import subprocess
import sys
import time
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from samsyn.core import signin_views
from samsyn.core.models import AuditEntry, ExternalIdentity, Person, SignInService
from samsyn.core.testing import oidc_provider
from samsyn.core.testing.browser import axe_violations

STARTUP_SECONDS = 60


@pytest.fixture(scope="session")
def provider(tmp_path_factory):
    """The provider's issuer address, while its process runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    process = subprocess.Popen(
        [sys.executable, "-m", "samsyn.core.testing.oidc_provider", str(tmp_path_factory.mktemp("oidc"))],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("READY "):
            process.kill()
            pytest.fail(f"the provider did not start: {line}{process.stdout.read() if process.stdout else ''}")
        yield line.split()[1] + "/o"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def service(provider, shk):
    return SignInService.objects.create(
        partnership=shk,
        name="Mälardalens universitet",
        issuer=provider,
        client_id=oidc_provider.CLIENT_ID,
        client_secret=oidc_provider.CLIENT_SECRET,
        email_domains="mdu.se",
    )


def provider_login(authorize_url, username, password=oidc_provider.PASSWORD):
    """What a browser does at the provider: follow it to its login form, log in, and return the
    address it sends the browser back to (Samsyn's callback)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    login_url = urljoin(authorize_url, response.headers["Location"])
    form = browser.get(login_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    next_url = parse_qs(urlsplit(login_url).query)["next"][0]
    response = browser.post(
        login_url,
        data={"username": username, "password": password, "csrfmiddlewaretoken": token, "next": next_url},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    response = browser.get(urljoin(login_url, response.headers["Location"]), allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:500]
    return response.headers["Location"]


def sign_in(client, service, username, *, next_url=""):
    """Samsyn's button, the provider, and the answer of Samsyn's callback (not followed)."""
    start = client.get(f"/logga-in/extern/{service.pk}/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(service.issuer + "/authorize/")
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    callback = provider_login(authorize, username)
    assert callback.startswith("http://testserver/logga-in/extern/svar/?")
    return client.get(callback.removeprefix("http://testserver"))


def entries(shk, action):
    return list(AuditEntry.objects.filter(partnership=shk, action=action).order_by("pk"))


def test_the_login_page_offers_each_active_service_beside_the_password(client, service):
    SignInService.objects.filter(pk=service.pk).update(name="Västerås stad")
    page = client.get("/logga-in/?next=/shk/").content.decode()
    assert 'name="password"' in page
    assert f'href="/logga-in/extern/{service.pk}/?next=%2Fshk%2F"' in page
    assert "Logga in med Västerås stad" in page
    SignInService.objects.filter(pk=service.pk).update(active=False)
    assert "/logga-in/extern/" not in client.get("/logga-in/").content.decode()


def test_a_person_without_a_login_is_linked_by_e_mail_the_first_time(client, shk, service):
    linnea = Person.objects.get(partnership=shk, key="linnea-ronnquist")
    assert linnea.user is None
    response = sign_in(client, service, "linnea", next_url="/shk/")
    assert response.status_code == 302 and response["Location"] == "/shk/"
    linnea.refresh_from_db()
    assert linnea.user is not None and linnea.user.username == "linnea.ronnquist@mdu.se"
    assert not linnea.user.has_usable_password()
    assert client.get("/shk/").status_code == 200
    identity = ExternalIdentity.objects.get(partnership=shk)
    assert (identity.user, identity.issuer, identity.email) == (linnea.user, service.issuer, "linnea.ronnquist@mdu.se")
    [linked] = entries(shk, "login.external_link")
    assert linked.user == linnea.user and linked.after["service"] == "Mälardalens universitet"
    # The next time the identity is known: the same login, no new link.
    client.post("/logga-ut/")
    assert sign_in(client, service, "linnea").status_code == 302
    assert ExternalIdentity.objects.filter(partnership=shk).count() == 1
    assert len(entries(shk, "login.external")) == 1
    assert get_user_model().objects.filter(username="linnea.ronnquist@mdu.se").count() == 1


def test_a_person_with_a_login_signs_in_to_that_login(client, shk, service):
    emma = Person.objects.get(partnership=shk, user__username="processledare")
    Person.objects.filter(pk=emma.pk).update(email="Emma.Mossberg@mdu.se")
    response = sign_in(client, service, "emma")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/shk/"
    assert ExternalIdentity.objects.get(partnership=shk).user == emma.user
    assert int(client.session["_auth_user_id"]) == emma.user_id


def test_an_address_of_a_domain_the_service_does_not_admit_is_refused(client, shk, service):
    users = get_user_model().objects.count()
    response = sign_in(client, service, "stranger")
    assert response.status_code == 302 and response["Location"] == "/logga-in/"
    page = client.get("/logga-in/")
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "Du kan inte logga in med Mälardalens universitet som stranger@example.com: "
        "bara adresser i mdu.se får logga in på det sättet." in text
    )
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users
    assert not ExternalIdentity.objects.exists()
    [refused] = entries(shk, "login.external_refuse")
    assert refused.user is None
    assert refused.after == {"service": service.name, "email": "stranger@example.com", "reason": "domain_not_allowed"}


def test_sign_ins_and_refusals_read_in_words_in_the_history(client, client_as, shk, service):
    sign_in(client, service, "stranger")
    sign_in(client, service, "linnea")
    history = client_as("admin").get("/shk/historik/").content.decode()
    assert (
        "En inloggning med Mälardalens universitet som stranger@example.com nekades: "
        "e-postadressen hör till en domän som tjänsten inte släpper in" in history
    )
    assert (
        "Linnea Rönnquist loggade in med Mälardalens universitet för första gången "
        "och kändes igen på e-postadressen linnea.ronnquist@mdu.se" in history
    )


def test_an_allowed_address_that_no_person_has_is_refused(client, shk, service):
    response = sign_in(client, service, "nobody")
    assert response["Location"] == "/logga-in/"
    assert (
        "Ingen person i Samhällskontraktet har e-postadressen nobody@mdu.se."
        in client.get("/logga-in/").content.decode()
    )
    assert "_auth_user_id" not in client.session
    assert [e.after["reason"] for e in entries(shk, "login.external_refuse")] == ["no_person"]


def test_signing_out_ends_the_login_and_empties_the_session(client, shk, service):
    sign_in(client, service, "linnea")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    response = client.post("/logga-ut/")
    assert response.status_code == 302 and response["Location"] == "/logga-in/"
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/shk/").status_code == 302
    # A sign-out is a form: following a link does not sign anyone out.
    assert client.get("/logga-ut/").status_code == 405


def test_a_wrong_client_secret_is_a_message_on_the_login_page_not_an_error(client, shk, service):
    SignInService.objects.filter(pk=service.pk).update(client_secret="wrong")
    service.refresh_from_db()
    response = sign_in(client, service, "linnea")
    assert response["Location"] == "/logga-in/"
    assert client.get("/logga-in/").status_code == 200
    assert "_auth_user_id" not in client.session
    assert [e.after["reason"] for e in entries(shk, "login.external_refuse")] == ["provider_error"]


def test_an_answer_that_was_not_asked_for_is_refused(client, shk, service):
    # No sign-in was started in this session: a code and state from elsewhere lead nowhere.
    response = client.get("/logga-in/extern/svar/?code=abc&state=made-up")
    assert response["Location"] == "/logga-in/"
    assert "_auth_user_id" not in client.session
    # The provider's refusal (the person said no, or it failed) is said on the login page too.
    start = client.get(f"/logga-in/extern/{service.pk}/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/logga-in/extern/svar/?error=access_denied&state={state}")
    assert response["Location"] == "/logga-in/"
    assert [e.after["reason"] for e in entries(shk, "login.external_refuse")] == ["provider_error"]


def test_a_provider_that_does_not_answer_is_a_message_not_an_error(client, shk, service):
    SignInService.objects.filter(pk=service.pk).update(issuer="http://127.0.0.1:9/o")
    response = client.get(f"/logga-in/extern/{service.pk}/")
    assert response["Location"] == "/logga-in/"
    assert client.get("/logga-in/").status_code == 200
    assert client.get("/logga-in/extern/999999/")["Location"] == "/logga-in/"


def test_the_history_keeps_no_client_secret(client_as, shk, service):
    client = client_as("admin")
    url = f"/shk/administration/inloggningstjanster/{service.pk}/"
    form = client.get(url).content.decode()
    assert oidc_provider.CLIENT_SECRET not in form
    values = {
        "name": service.name,
        "issuer": service.issuer,
        "client_id": service.client_id,
        "client_secret": "",
        "email_claim": "email",
        "email_domains": "mdu.se, vasteras.se",
        "active": "on",
    }
    assert client.post(url, values).status_code == 302
    service.refresh_from_db()
    # Left empty, the secret stays as it was.
    assert service.client_secret == oidc_provider.CLIENT_SECRET
    assert service.email_domains == "mdu.se, vasteras.se"
    assert client.post(url, {**values, "client_secret": "a-new-secret"}).status_code == 302
    service.refresh_from_db()
    assert service.client_secret == "a-new-secret"
    changes = AuditEntry.objects.filter(
        partnership=shk, object_type="core.signinservice", action="signinservice.change"
    )
    recorded = str([(e.before, e.after) for e in changes])
    assert changes.count() == 2
    assert "a-new-secret" not in recorded and oidc_provider.CLIENT_SECRET not in recorded
    history = client.get("/shk/historik/").content.decode()
    assert "a-new-secret" not in history


@pytest.mark.browser
def test_signing_in_and_out_in_the_browser(new_page, provider, shk, transactional_db):
    service = SignInService.objects.create(
        partnership=shk,
        name="Mälardalens universitet",
        issuer=provider,
        client_id=oidc_provider.CLIENT_ID,
        client_secret=oidc_provider.CLIENT_SECRET,
        email_domains="mdu.se",
    )
    page = new_page()
    page.goto("/shk/")
    assert "/logga-in/" in page.url
    assert axe_violations(page) == []
    with page.expect_navigation(url=re.compile(r"/konto/logga-in/")):
        page.locator(f'a[href^="/logga-in/extern/{service.pk}/"]').click()
    page.locator("#provider-username").fill("linnea")
    page.locator("#provider-password").fill(oidc_provider.PASSWORD)
    with page.expect_navigation(url=re.compile(r"/shk/$")):
        page.locator("button[type=submit]").click()
    assert "Linnea" in page.locator("header").inner_text()
    with page.expect_navigation(url=re.compile(r"/logga-in/")):
        page.locator('form[action="/logga-ut/"] button').click()
    page.goto("/shk/")
    assert "/logga-in/" in page.url


def test_an_id_token_not_signed_with_the_providers_keys_is_refused(service):
    # Everything right but the key: one made here, not one of those the provider publishes.
    now = int(time.time())
    claims = {"iss": service.issuer, "aud": service.client_id, "sub": "1", "nonce": "n", "iat": now, "exp": now + 60}
    forged = jwt.encode({"alg": "RS256"}, claims, RSAKey.generate_key(2048))
    metadata = signin_views.provider_metadata(service)
    with pytest.raises(signin_views.ProviderError):
        signin_views.id_token_claims(service, metadata, {"id_token": forged}, nonce="n")
    # And a token signed with a secret instead of a key is not taken at all.
    shared = jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(service.client_secret))
    with pytest.raises(signin_views.ProviderError):
        signin_views.id_token_claims(service, metadata, {"id_token": shared}, nonce="n")


@pytest.mark.parametrize(
    "username", ["processledare", "ekonomi", "styrelse", "coreteam-barn", "initiativagare", "lasare"]
)
def test_only_the_administrator_keeps_the_sign_in_services(client_as, shk, username, service):
    client = client_as(username)
    base = "/shk/administration/inloggningstjanster/"
    before = SignInService.objects.count()
    assert client.get(base).status_code == 403
    assert client.get(f"{base}{service.pk}/").status_code == 403
    values = {"name": "X", "issuer": "https://idp.example.se", "client_id": "x", "client_secret": "s"}
    assert client.post(f"{base}ny/", {**values, "email_domains": "example.se"}).status_code == 403
    assert client.post(f"{base}{service.pk}/ta-bort/").status_code == 403
    assert SignInService.objects.count() == before
    assert SignInService.objects.filter(pk=service.pk).exists()


def test_removing_a_persons_login_unlinks_their_accounts(client, client_as, shk, service):
    sign_in(client, service, "linnea")
    linnea = Person.objects.get(partnership=shk, key="linnea-ronnquist")
    assert ExternalIdentity.objects.filter(user=linnea.user).exists()
    client_as("admin").post(f"/shk/administration/personer/{linnea.pk}/inloggning/ta-bort/")
    assert not ExternalIdentity.objects.exists()


def test_an_answer_is_taken_once(client, shk, service):
    start = client.get(f"/logga-in/extern/{service.pk}/")
    callback = provider_login(start["Location"], "linnea").removeprefix("http://testserver")
    assert client.get(callback)["Location"] == "/"
    client.post("/logga-ut/")
    # The same answer again (from the browser's history, or someone who saw the address) signs nobody in.
    assert client.get(callback)["Location"] == "/logga-in/"
    assert "_auth_user_id" not in client.session
    assert len(entries(shk, "login.external_link")) == 1
