"""The API's frame: one NinjaAPI with token authentication, answers in Swedish JSON, and every
request made with a token written to its use log.

A request names the partnership first (`/api/v1/<slug>/…`); `enter` loads it with the token's
owner's roles there, through the same policy functions as PartnershipMiddleware does for the
pages, and answers 404 to a partnership the token does not belong to, as the pages do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, partnership_actor_load, require
from samsyn.core.services import access_denial_record

from . import rules, selectors, services
from .models import ApiToken

# gettext_lazy typed as str, for the texts of the OpenAPI document: django-ninja's annotations ask for
# str, and a lazy text is written in the request's language when the document is rendered.
lazy_text = cast("Callable[[str], str]", gettext_lazy)


class Error(Schema):
    """Every refusal and error: a sentence in Swedish, and the fields' problems where there are any."""

    detail: str
    errors: list[dict[str, str]] = []


# Documented on every operation, so clients and the schema tests know each refusal's shape.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


class ScopeRefused(AuthorizationError):
    """A token with the read scope tried to write."""


class TokenAuth(HttpBearer):
    """`Authorization: Bearer samsyn_…`: a working token; a read token only for reading methods."""

    openapi_description = cast(
        str, gettext_lazy("A personal API token (samsyn_…), made on the page API tokens or by `samsyn token create`.")
    )

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = selectors.token_find(token.strip())
        if found is None:
            return None
        # Set before the scope is checked, so that a refused write is in the use log too.
        request.api_token = found  # type: ignore[attr-defined]
        if not rules.scope_allows(found.scope, request.method or "GET"):
            raise ScopeRefused()
        return found


api = NinjaAPI(
    title="Samsyn API",
    version="1",
    description=cast(
        str,
        gettext_lazy(
            "Samsyn's JSON API: initiatives, portfolios, the economy, governance, follow-up, the archive and search, "
            "one partnership at a time. Every request sends a personal API token as `Authorization: Bearer TOKEN`; "
            "the token has its owner's roles in the partnership, and the same rules apply as on the pages."
        ),
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)


def enter(request: HttpRequest, slug: str, action: str | None = None) -> tuple[Partnership, Actor]:
    """The partnership the path names and the token owner's roles in it, or 404: another
    partnership's (or one the owner no longer holds a role in) is not confirmed to exist. With an
    `action`, the policy must also allow the owner that action in the partnership (or 403), as on
    the pages; an action on one object is asked with require() once the object is found."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    found = partnership_actor_load(token.user, slug)
    if found is None or found[0].pk != token.partnership_id:
        raise Http404
    request.partnership, request.actor = found  # type: ignore[attr-defined]
    if action is not None:
        require(request, action)
    return found


def _error(request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]] | None = None) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(
        request, 401, _("A valid API token is needed: send it in the header Authorization: Bearer TOKEN.")
    )
    response["WWW-Authenticate"] = 'Bearer realm="samsyn"'
    return response


@api.exception_handler(ScopeRefused)
def _scope_refused(request, exc):
    return _error(request, 403, _("This token may only read. Create a token that may also write."))


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    partnership = getattr(request, "partnership", None)
    if partnership is not None:
        access_denial_record(
            partnership=partnership, user=request.auth.user, action=str(exc), path=request.path, method=request.method
        )
    return _error(request, 403, _("Your roles in the partnership do not allow this."))


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request, exc):
    return _error(request, 404, _("Not found."))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = [
        {"field": ".".join(str(part) for part in error.get("loc", ())), "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return _error(request, 422, _("The request is not valid."), errors)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc):
    if hasattr(exc, "message_dict"):
        errors = [{"field": field, "message": m} for field, messages in exc.message_dict.items() for m in messages]
    else:
        errors = [{"field": "", "message": m} for m in exc.messages]
    return _error(request, 422, _("The request is not valid."), errors)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # The one HttpError django-ninja raises itself is a body it cannot parse (400).
    detail = _("The body of the request could not be read.") if exc.status_code == 400 else str(exc.message)
    return _error(request, exc.status_code, detail)


def _logged(view):
    """Record the request in its token's use log, with the answer's status."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            services.token_use_record(
                token=token, method=request.method, path=request.path, status=response.status_code
            )
        return response

    return wrapper


def urls():
    """The API's URL patterns (the routers' modules imported first), each view logging its uses."""
    from . import views  # noqa: F401  (the routers register themselves on import)

    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _logged(pattern.callback)
    return patterns, app_name, namespace
