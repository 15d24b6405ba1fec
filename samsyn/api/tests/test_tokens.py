"""Personal tokens: made on the page or by the command, shown once, stored as a hash, revoked, pruned."""

import io
from datetime import timedelta

import lxml.html
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from samsyn.api import rules, services
from samsyn.api.models import ApiToken, ApiTokenUse
from samsyn.core.models import AuditEntry


@pytest.mark.parametrize(
    "scope, method, allowed",
    [
        ("read", "GET", True),
        ("read", "HEAD", True),
        ("read", "POST", False),
        ("read", "delete", False),
        ("write", "POST", True),
    ],
)
def test_scope_allows(scope, method, allowed):
    assert rules.scope_allows(scope, method) is allowed


def test_a_token_is_prefixed_random_and_only_its_hash_is_kept(token_for):
    value = token_for("processledare")
    assert value.startswith("samsyn_") and len(value) > 40
    token = ApiToken.objects.latest("pk")
    assert token.digest == rules.token_digest(value) != value
    assert value not in (token.digest, token.hint) and value.startswith(token.hint)
    assert AuditEntry.objects.filter(action="apitoken.create", object_id=str(token.pk)).exists()


@pytest.mark.parametrize("days", [0, rules.MAX_DAYS + 1])
def test_expiry_is_bounded(days):
    with pytest.raises(ValueError):
        rules.expiry(timezone.now(), days)


def test_the_page_shows_a_new_token_once_and_revokes_it(client_as):
    client = client_as("lasare")
    response = client.post("/shk/api-nycklar/", {"name": "Webbplatsen", "scope": "read", "days": "30"})
    assert response.status_code == 200
    doc = lxml.html.document_fromstring(response.content)
    value = doc.get_element_by_id("new-token").get("value")
    assert value.startswith("samsyn_")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {value}").get("/api/v1/shk/initiatives").status_code == 200
    again = client.get("/shk/api-nycklar/")
    assert value.encode() not in again.content
    assert b"Webbplatsen" in again.content
    token = ApiToken.objects.get(name="Webbplatsen")
    # Another login cannot revoke it.
    assert client_as("admin").post(f"/shk/api-nycklar/{token.pk}/aterkalla/").status_code == 404
    assert client.post(f"/shk/api-nycklar/{token.pk}/aterkalla/").status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {value}").get("/api/v1/shk/initiatives").status_code == 401
    assert AuditEntry.objects.filter(action="apitoken.revoke").exists()
    # The history says it in words.
    history = client_as("admin").get("/shk/historik/").content.decode()
    assert "API-nyckel" in history and "Webbplatsen" in history


def test_the_command_prints_the_token_once(shk):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "token",
        "create",
        "--user",
        "ekonomi",
        "--partnership",
        "shk",
        "--scope",
        "write",
        "--days",
        "7",
        stdout=out,
        stderr=err,
    )
    value = out.getvalue().strip()
    assert value.startswith("samsyn_") and "\n" not in value
    token = ApiToken.objects.get(digest=rules.token_digest(value))
    assert token.scope == "write"
    assert token.expires_at.date() == (timezone.now() + timedelta(days=7)).date()
    assert "fingeravtryck" in err.getvalue()


@pytest.mark.parametrize(
    "user, partnership, message",
    [("finns-inte", "shk", "ingen inloggning"), ("ekonomi", "finns-inte", "inget partnerskap")],
)
def test_the_command_refuses_unknown_names(shk, user, partnership, message):
    with pytest.raises(CommandError, match=message):
        call_command("token", "create", "--user", user, "--partnership", partnership, "--scope", "read")


def test_prune_removes_old_tokens_and_uses(token_for):
    token_for("admin")
    old = ApiToken.objects.latest("pk")
    services.token_use_record(token=old, method="GET", path="/api/v1/shk/initiatives", status=200)
    token_for("admin")
    kept = ApiToken.objects.latest("pk")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=services.KEEP_DAYS + 1))
    out = io.StringIO()
    call_command("token", "prune", stdout=out)
    assert "1 nycklar" in out.getvalue()
    assert not ApiToken.objects.filter(pk=old.pk).exists()
    assert ApiToken.objects.filter(pk=kept.pk).exists()
    assert not ApiTokenUse.objects.filter(token_id=old.pk).exists()
