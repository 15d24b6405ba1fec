"""Logging in and out: the password form, and beside it a button per sign-in service ("Logga in med
Västerås stad") that signs in with the organisation's own account over OpenID Connect.

The authorisation code flow with state, nonce and PKCE (S256): `signin_start` sends the browser to
the provider with them, kept in the session; `signin_callback` takes the code back, exchanges it at
the provider's token endpoint (with the client secret), verifies the ID token's signature against
the provider's keys (its JWKS, found through its discovery document) and its issuer, audience,
expiry and nonce (Authlib's CodeIDToken), and lets services.external_identity_signin decide who it
is. Whatever goes wrong ends on the login page with a message in words, never a server error; a
refusal is in the partnership's history.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from samsyn.core.lib.urls import reverse

from . import services, signin
from .forms import LoginForm
from .lib.prepared import prepared
from .models import Partnership, SignInService

logger = logging.getLogger(__name__)

# The sign-ins under way in this browser, by their state: a few at most (two tabs, a retry).
SESSION_KEY = "samsyn_signin"
PENDING_LIMIT = 5
# Seconds to wait for the provider, each request.
PROVIDER_TIMEOUT = 10
# Clock difference with the provider that an ID token's times may have.
LEEWAY_SECONDS = 120
SCOPE = "openid email profile"
BACKEND = "samsyn.core.backends.ModelBackend"


class ProviderError(Exception):
    """The provider did not answer as OpenID Connect says (down, refused, a token that fails a check)."""


@prepared
def _active_services():
    # Prepared: the login page is the lightest page there is (the bench measures the others
    # against it), and compiling this query each time cost it more than the rest of its view.
    return SignInService.objects.filter(active=True).order_by("name", "pk").values_list("pk", "name")


def signin_services_for_login(request: HttpRequest) -> list[dict[str, Any]]:
    """The active services, as the login page's buttons: name and address, with the page's `next`."""
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    query = f"?{urlencode({REDIRECT_FIELD_NAME: next_url})}" if next_url else ""
    return [{"name": name, "url": reverse("signin_start", args=[pk]) + query} for pk, name in _active_services()]


class LoginView(auth_views.LoginView):
    """Django's login page, with the sign-in services' buttons beside the password form."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["signin_services"] = signin_services_for_login(self.request)
        return context


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Log out: the session is emptied (Django's logout flushes it), sign-ins under way included."""
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


# ---------------------------------------------------------------- speaking to the provider


def _get_json(url: str, **kwargs: Any) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=PROVIDER_TIMEOUT, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(f"GET {url}: {error}") from error
    if not isinstance(data, dict):
        raise ProviderError(f"GET {url}: not a JSON object")
    return data


def provider_metadata(service: SignInService) -> dict[str, Any]:
    """The provider's discovery document, which must name the service's issuer as its own."""
    metadata = _get_json(f"{service.issuer}/.well-known/openid-configuration")
    if str(metadata.get("issuer", "")).rstrip("/") != service.issuer.rstrip("/"):
        raise ProviderError(f"the discovery document names the issuer {metadata.get('issuer')!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(key), str):
            raise ProviderError(f"the discovery document has no {key}")
    return metadata


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("signin_callback"))


def _token_exchange(
    service: SignInService, metadata: dict[str, Any], *, code: str, verifier: str, redirect_uri: str
) -> dict[str, Any]:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier}
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth = None
    if "client_secret_basic" in methods:
        # RFC 6749 2.3.1: the id and secret are form-encoded before they go into the Basic header.
        auth = (urlencode({"": service.client_id})[1:], urlencode({"": service.client_secret})[1:])
    else:
        data.update(client_id=service.client_id, client_secret=service.client_secret)
    try:
        response = requests.post(metadata["token_endpoint"], data=data, auth=auth, timeout=PROVIDER_TIMEOUT)
        token = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(f"token endpoint: {error}") from error
    if response.status_code != 200 or not isinstance(token, dict) or not token.get("id_token"):
        error_code = token.get("error") if isinstance(token, dict) else None
        raise ProviderError(f"token endpoint answered {response.status_code} {error_code or ''}".strip())
    return token


def id_token_claims(
    service: SignInService, metadata: dict[str, Any], token: dict[str, Any], *, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once its signature (the provider's JWKS), issuer, audience, expiry and
    nonce have been checked."""
    keys = _get_json(metadata["jwks_uri"])
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    try:
        decoded = jwt.decode(
            token["id_token"],
            KeySet.import_key_set(keys),  # type: ignore[arg-type]
            # Only the provider's public keys sign: never "none", nor a secret shared (HS256 and the like).
            registry=JWSRegistry(
                algorithms=[a for a in algorithms if a != "none" and not a.startswith("HS")],
                # Providers add header fields of their own (Entra ID does): not a reason to refuse.
                strict_check_header=False,
            ),
        )
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {"iss": {"essential": True, "values": [metadata["issuer"]]}},
            {"nonce": nonce, "client_id": service.client_id, "access_token": token.get("access_token")},
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise ProviderError(f"the ID token fails a check: {error!r}") from error
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise ProviderError("the ID token names no subject")
    return dict(claims)


def _with_userinfo(
    service: SignInService, metadata: dict[str, Any], token: dict[str, Any], claims: dict[str, Any]
) -> dict[str, Any]:
    """The ID token's claims, completed from the userinfo endpoint when the e-mail claim is not in it
    (some providers put only the subject in the token); the endpoint must speak of the same subject."""
    claim = service.email_claim or "email"
    if claim in claims or not metadata.get("userinfo_endpoint") or not token.get("access_token"):
        return claims
    info = _get_json(metadata["userinfo_endpoint"], headers={"Authorization": f"Bearer {token['access_token']}"})
    if info.get("sub") != claims["sub"]:
        raise ProviderError("the userinfo endpoint speaks of another subject")
    return {**info, **claims}


# ---------------------------------------------------------------- the views


def _refusal_text(reason: str, *, service: SignInService | None, email: str = "") -> str:
    name = service.name if service else ""
    partnership = Partnership.objects.get(pk=service.partnership_id).name if service else ""
    values = {"service": name, "email": email, "partnership": partnership}
    if reason == signin.DOMAIN_NOT_ALLOWED and service is not None:
        values["domains"] = ", ".join(signin.domains_parse(service.email_domains))
        return (
            _(
                "You cannot log in with %(service)s as %(email)s: only addresses of %(domains)s may log in that way. "
                "Log in with your password, or ask the partnership's administrator."
            )
            % values
        )
    texts = {
        signin.NO_PERSON: _(
            "No person in %(partnership)s has the e-mail address %(email)s. Ask the partnership's administrator "
            "to add the address to your details, then log in again."
        ),
        signin.SEVERAL_PEOPLE: _(
            "Several people in %(partnership)s have the e-mail address %(email)s, so Samsyn cannot tell who you "
            "are. Ask the partnership's administrator to correct it."
        ),
        signin.LOGIN_TAKEN: _(
            "The e-mail address %(email)s is the user name of another person's login in %(partnership)s. "
            "Ask the partnership's administrator."
        ),
        signin.LOGIN_INACTIVE: _("Your login is switched off. Ask the partnership's administrator."),
        signin.NO_EMAIL: _(
            "%(service)s did not give your e-mail address, so Samsyn cannot tell who you are. "
            "Ask the partnership's administrator to check the service's settings."
        ),
        signin.EMAIL_UNVERIFIED: _(
            "%(service)s has not verified your e-mail address %(email)s. Verify it there, then log in again."
        ),
        signin.STATE_UNKNOWN: _(
            "The login could not be completed: it had expired, or it was started in another browser. Try again."
        ),
    }
    default = _("The login with %(service)s could not be completed. Try again, or log in with your password.")
    return texts.get(reason, default) % values


def _refused(request: HttpRequest, reason: str, *, service: SignInService | None, email: str = "") -> HttpResponse:
    messages.error(request, _refusal_text(reason, service=service, email=email))
    return redirect("login")


def _provider_failed(request: HttpRequest, service: SignInService, error: Exception | str) -> HttpResponse:
    logger.warning("Sign-in with %s (%s) failed: %s", service.name, service.issuer, error)
    services.signin_refusal_record(service=service, reason=signin.PROVIDER_ERROR)
    return _refused(request, signin.PROVIDER_ERROR, service=service)


def signin_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the browser to the service's provider, with a new state, nonce and PKCE challenge."""
    service = SignInService.objects.filter(pk=pk, active=True).first()
    if service is None:
        return _refused(request, signin.STATE_UNKNOWN, service=None)
    try:
        metadata = provider_metadata(service)
    except ProviderError as error:
        return _provider_failed(request, service, error)
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64)
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending[state] = {"service": service.pk, "nonce": nonce, "verifier": verifier, "next": next_url}
    request.session[SESSION_KEY] = dict(list(pending.items())[-PENDING_LIMIT:])
    params = {
        "response_type": "code",
        "client_id": service.client_id,
        "redirect_uri": _callback_url(request),
        "scope": SCOPE,
        "state": state,
        "nonce": nonce,
        "code_challenge": create_s256_code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    endpoint = metadata["authorization_endpoint"]
    return redirect(endpoint + ("&" if "?" in endpoint else "?") + urlencode(params))


def signin_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: the code exchanged and the ID token checked, then signed in (or refused)."""
    pending = dict(request.session.get(SESSION_KEY) or {})
    started = pending.pop(str(request.GET.get("state", "")), None)
    if started is None:
        return _refused(request, signin.STATE_UNKNOWN, service=None)
    # Each state is answered once.
    request.session[SESSION_KEY] = pending
    service = SignInService.objects.filter(pk=started["service"], active=True).first()
    if service is None:
        return _refused(request, signin.STATE_UNKNOWN, service=None)
    if request.GET.get("error") or not request.GET.get("code"):
        return _provider_failed(request, service, request.GET.get("error", "no code"))
    try:
        metadata = provider_metadata(service)
        token = _token_exchange(
            service,
            metadata,
            code=request.GET["code"],
            verifier=started["verifier"],
            redirect_uri=_callback_url(request),
        )
        claims = _with_userinfo(
            service, metadata, token, id_token_claims(service, metadata, token, nonce=started["nonce"])
        )
    except ProviderError as error:
        return _provider_failed(request, service, error)
    try:
        user = services.external_identity_signin(service=service, subject=claims["sub"], claims=claims)
    except services.SignInRefused as refused:
        email = signin.claimed_email(claims, service.email_claim or "email").email
        return _refused(request, refused.reason, service=service, email=email)
    login(request, user, backend=BACKEND)
    return redirect(started["next"] or settings.LOGIN_REDIRECT_URL)
