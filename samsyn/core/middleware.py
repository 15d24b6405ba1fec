"""Resolve the partnership of every internal URL and the visitor's roles in it; speak Swedish first."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.middleware.locale import LocaleMiddleware

from .policy import partnership_actor_load


class PartnershipMiddleware:
    """Internal pages live under /<partnership_slug>/: login is required and a login
    without an active role there gets a 404, so another partnership's data is never
    shown, nor is its existence confirmed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.partnership = None
        request.actor = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.get("partnership_slug")
        if slug is None:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The partnership and the visitor's roles in it come in one query.
        found = partnership_actor_load(request.user, slug)
        if found is None:
            raise Http404
        request.partnership, request.actor = found
        return None


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish whatever the browser asks for; another language only by the visitor's own choice.

    Django's LocaleMiddleware follows the browser's Accept-Language, so a Swedish official on a
    computer set to English would get English. The product's language is Swedish: only the
    language cookie (set by the switch in the header) chooses another.
    """

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)
