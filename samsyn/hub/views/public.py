"""The public hub: pages anyone may read, with no login. They read only what was published and
touch no session, so that a shared cache may keep them (Cache-Control and ETag)."""

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from samsyn.core.lib.urls import reverse
from samsyn.portfolio.models import Phase

from .. import ical, selectors, services
from ..forms import AnswerForm, InterestForm, NewsletterForm, RegistrationForm
from ..models import Hub
from ..selectors import InitiativeLink

# Published content changes seldom and is the same for every visitor: five minutes in any cache,
# and a visitor's browser asks again with the page's ETag and gets "304 Not Modified".
public = [require_safe, cache_control(public=True, max_age=300), decorator_from_middleware(ConditionalGetMiddleware)]


def _form_page(request, template: str, context: dict, form, *, max_age: int):
    """A public page with a form: refused input is answered 400 with the form's messages; the page
    as first shown (a GET) may be kept by any cache for `max_age` seconds, as it holds no token."""
    response = render(request, template, context, status=400 if form is not None and form.errors else 200)
    if request.method != "POST":
        patch_cache_control(response, public=True, max_age=max_age)
    return response


def _public(view):
    for decorator in reversed(public):
        view = decorator(view)
    return view


@_public
def hubs(request):
    return render(request, "hub/public/hubs.html", {"hubs": selectors.published_hubs()})


# A slug no initiative has, put into the address once and replaced by each item's own.
SLUG_MARKER = "initiative-slug-marker"


def initiative_items(pattern: str, initiatives: Iterable[InitiativeLink], *, with_phase: bool) -> SafeString:
    """The list items of published initiatives on the front page, as HTML.

    Written here rather than by a template loop: the front page is the hub's most visited page,
    and its initiatives were most of its time. `pattern` is an initiative's address with SLUG_MARKER
    for its slug. Every value goes through escape().
    """
    # get_phase_display() builds the choices' dictionary anew on every call.
    phases = {value: escape(str(label).lower()) for value, label in Phase.choices} if with_phase else {}
    items = []
    for i in initiatives:
        phase = f' <span class="muted">({phases.get(i.phase) or escape(i.phase)})</span>' if with_phase else ""
        items.append(f'<li><a href="{escape(pattern.replace(SLUG_MARKER, i.slug))}">{escape(i.name)}</a>{phase}</li>')
    # Every value above went through escape().
    return mark_safe("".join(items))


@_public
def front(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    front = selectors.hub_front(hub, timezone.localdate())
    pattern = reverse("hub_public:initiative", args=[hub.partnership.slug, SLUG_MARKER])
    return render(
        request,
        "hub/public/front.html",
        {
            "front": front,
            "area_items": [
                (area, initiative_items(pattern, area.initiatives, with_phase=True)) for area in front.focus_areas
            ],
            "other_items": initiative_items(pattern, front.other_initiatives, with_phase=False),
            # The sign-up posts to the newsletter's own page, which answers it.
            "newsletter_form": NewsletterForm(auto_id="id_newsletter_%s"),
        },
    )


@_public
def initiative(request, hub_slug, slug):
    hub = selectors.hub_published(hub_slug)
    public = selectors.initiative_published(hub, slug)
    publication = public.publication
    questions = selectors.questions_of_initiative(publication, timezone.localdate())
    perspectives = selectors.perspectives_of(hub.partnership) if questions else []
    return render(
        request,
        "hub/public/initiative.html",
        {
            "hub": hub,
            "publication": publication,
            "focus_areas": public.focus_areas,
            "parties": public.parties,
            "stories": selectors.public_stories(publication.initiative),
            "documents": selectors.public_initiative_documents(hub.partnership, publication.initiative),
            # Each question's form posts to the question's own page, which answers it.
            "questions": [
                (
                    q,
                    AnswerForm(perspectives=perspectives, auto_id=f"id_{q.question.slug}_%s")
                    if q.takes_answers
                    else None,
                )
                for q in questions
            ],
        },
    )


@_public
def archive(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    page = Paginator(selectors.public_documents(hub.partnership), selectors.ARCHIVE_PAGE).get_page(
        request.GET.get("sida")
    )
    return render(request, "hub/public/archive.html", {"hub": hub, "page": page})


@require_safe
@cache_control(public=True, max_age=3600)
def document_file(request, hub_slug, pk):
    """A public document's newest version, for anyone: no reading to record, as with its page."""
    hub = selectors.hub_published(hub_slug)
    version = selectors.public_document_version(hub.partnership, pk)
    response = HttpResponse(bytes(version.content), content_type=version.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(version.filename)}"
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@_public
def news(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    items = list(selectors.news_published(hub.partnership, timezone.localdate())[:50])
    return render(request, "hub/public/news.html", {"hub": hub, "items": items})


@_public
def events(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    today = timezone.localdate()
    return render(
        request,
        "hub/public/events.html",
        {
            "hub": hub,
            "coming": selectors.events_published(hub.partnership, today, coming=True),
            "past": selectors.events_published(hub.partnership, today, coming=False)[:20],
        },
    )


@require_safe
@cache_control(public=True, max_age=300)
def events_ical(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    body = ical.events_calendar(
        selectors.events_published(hub.partnership, timezone.localdate(), coming=True),
        name=hub.partnership.name,
        url_for=lambda e: request.build_absolute_uri(reverse("hub_public:event", args=[hub_slug, e.event.key])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenemang.ics"'
    return response


# The form is open to anyone and rides on no session, so a forged cross-site post gains nothing a
# visitor could not do; the honeypot, the limit per address and the confirmation by e-mail are
# what keep it from abuse. Without a CSRF cookie the page stays the same for every visitor.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def event(request, hub_slug, key):
    hub = selectors.hub_published(hub_slug)
    publication = selectors.event_published(hub, key)
    today = timezone.localdate()
    open_for_registration = publication.registration_open and publication.event.date >= today
    form = RegistrationForm(request.POST or None) if open_for_registration else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        made = services.registration_request(
            event=publication,
            name=d["name"],
            email=d["email"],
            organisation=d["organisation"],
            address=request.META.get("REMOTE_ADDR", ""),
        )
        if made is None:
            form.add_error(None, _("Too many registrations from your address in a short time. Try again later."))
        else:
            return render(request, "hub/public/registration_sent.html", {"hub": hub, "publication": publication})
    context = {
        "hub": hub,
        "publication": publication,
        "form": form,
        "places_left": selectors.places_left(publication),
        "today": today,
    }
    return _form_page(request, "hub/public/event.html", context, form, max_age=60)


# The secret of the e-mail's link is the permission, and the visitor has no session: nothing for a
# forged post to ride on.
# The pages after an e-mail's link name the hub only by its partnership (an unsaved Hub carries it).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def registration_confirm(request, token):
    """The link of the e-mail shows a button; only the button confirms (a mail program that opens
    links to check them must not register anyone)."""
    return _registration_link(request, token, services.registration_confirm, "hub/public/registration_confirm.html")


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, token):
    return _registration_link(request, token, services.registration_cancel, "hub/public/registration_cancel.html")


def _registration_link(request, token, act, template):
    """A registration e-mail's link: the page shows a button, and only the button (a POST) acts."""
    registration = selectors.registration_by_token(token)
    if request.method == "POST":
        registration = act(registration=registration)
    context = {
        "registration": registration,
        "hub": Hub(partnership=registration.partnership),
        "done": request.method == "POST",
    }
    return render(request, template, context)


@_public
def challenges(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    return render(
        request,
        "hub/public/challenges.html",
        {"hub": hub, "challenges": selectors.challenges_published(hub.partnership)},
    )


# Open to anyone and riding on no session, as the event's registration (see `event`).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def challenge(request, hub_slug, slug):
    hub = selectors.hub_published(hub_slug)
    found = selectors.challenge_published(hub, slug)
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        made = services.interest_request(
            challenge=found,
            name=d["name"],
            email=d["email"],
            programme=d["programme"],
            message=d["message"],
            address=request.META.get("REMOTE_ADDR", ""),
        )
        if made is None:
            form.add_error(None, _("Too many messages from your address in a short time. Try again later."))
        else:
            return render(request, "hub/public/interest_sent.html", {"hub": hub, "challenge": found})
    return _form_page(
        request, "hub/public/challenge.html", {"hub": hub, "challenge": found, "form": form}, form, max_age=60
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def interest_confirm(request, token):
    """As a registration's link: the page shows a button, and only the button confirms."""
    interest = selectors.interest_by_token(token)
    if request.method == "POST":
        interest = services.interest_confirm(interest=interest)
    return render(
        request,
        "hub/public/interest_confirm.html",
        {"interest": interest, "hub": Hub(partnership=interest.partnership)},
    )


# Open to anyone and riding on no session, as the event's registration (see `event`). The answer
# waits for review: the page after sending says so, and shows nothing of it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def question(request, hub_slug, slug):
    hub = selectors.hub_published(hub_slug)
    today = timezone.localdate()
    found = selectors.question_published(hub, slug, today)
    form = (
        AnswerForm(request.POST or None, perspectives=selectors.perspectives_of(hub.partnership))
        if found.takes_answers
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.answer_submit(
                question=found.question,
                text=d["text"],
                perspective=d["perspective"],
                name=d["name"],
                email=d["email"],
                address=request.META.get("REMOTE_ADDR", ""),
                today=today,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if made is None:
                form.add_error(None, _("Too many answers from your address in a short time. Try again later."))
            else:
                return render(request, "hub/public/answer_sent.html", {"hub": hub, "q": found})
    return _form_page(request, "hub/public/question.html", {"hub": hub, "q": found, "form": form}, form, max_age=60)


# Open to anyone and riding on no session, as the event's registration (see `event`).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter(request, hub_slug):
    hub = selectors.hub_published(hub_slug)
    form = NewsletterForm(request.POST or None, auto_id="id_newsletter_%s")
    if request.method == "POST" and form.is_valid():
        made = services.subscriber_request(
            hub=hub, email=form.cleaned_data["email"], address=request.META.get("REMOTE_ADDR", "")
        )
        if made is None:
            form.add_error(None, _("Too many sign-ups from your address in a short time. Try again later."))
        else:
            return render(request, "hub/public/newsletter_sent.html", {"hub": hub})
    return _form_page(request, "hub/public/newsletter.html", {"hub": hub, "form": form}, form, max_age=300)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_confirm(request, token):
    """As a registration's link: the page shows a button, and only the button confirms."""
    subscriber = selectors.subscriber_by_token(token)
    if request.method == "POST":
        subscriber = services.subscriber_confirm(subscriber=subscriber)
    return render(
        request,
        "hub/public/newsletter_confirm.html",
        {"subscriber": subscriber, "hub": subscriber.hub},
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_leave(request, token):
    """The link of every letter shows a button that leaves the newsletter; a mail program's own
    button (List-Unsubscribe-Post) posts here directly, with no page between."""
    subscriber = selectors.subscriber_by_token(token)
    hub = subscriber.hub
    if request.method == "POST":
        services.subscriber_leave(subscriber=subscriber)
    return render(
        request,
        "hub/public/newsletter_leave.html",
        {"hub": hub, "done": request.method == "POST"},
    )
