"""The API's two pages: a person's tokens (`/<slug>/api-nycklar/`) and the API's documentation
(`/api/v1/docs`), drawn from the OpenAPI document in the site's design."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.policy import require

from .. import docs, selectors, services
from ..forms import TokenForm


def token_list(request, partnership_slug):
    """One's own tokens: make one (its value is shown once, on the answer to the form) or revoke one."""
    require(request, "partnership.view")
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.token_create(
                actor=request.actor,
                user=request.user,
                partnership=request.partnership,
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = TokenForm()
    tokens = list(selectors.token_list(request.user, request.partnership))
    return render(
        request,
        "api/token_list.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens,
            "now": timezone.now(),
            "base_url": settings.SAMSYN_BASE_URL,
        },
    )


def token_revoke(request, partnership_slug, pk):
    require(request, "partnership.view")
    if request.method != "POST":
        return redirect("api_tokens", partnership_slug)
    token = selectors.token_list(request.user, request.partnership).filter(pk=pk).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.actor, user=request.user, token=token)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens", partnership_slug)


def documentation(request):
    """Every operation of the OpenAPI document, with an example to run against the demo."""
    return render(
        request,
        "api/docs.html",
        {
            "groups": docs.operations_by_tag(),
            "base_url": settings.SAMSYN_BASE_URL,
            "token_page": docs.token_page(request),
        },
    )
