"""The office's pages for deciding what the public hub shows."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.core.policy import require
from samsyn.followup.models import Event
from samsyn.portfolio.models import Initiative

from .. import selectors, services
from ..forms import ChallengeForm, EventPublicationForm, HubForm, InterestAnswerForm, NewsItemForm, PublicationForm
from ..models import Challenge, Hub, Interest, NewsItem, PublishedEvent, PublishedInitiative, Registration


def manage(request, partnership_slug):
    require(request, "hub.manage")
    p = request.partnership
    hub = Hub.objects.filter(partnership=p).first() or Hub(partnership=p)
    form = HubForm(request.POST or None, instance=hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_change(actor=request.actor, user=request.user, partnership=p, values=form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The hub was saved."))
            return redirect("hub:manage", p.slug)
    return render(
        request,
        "hub/manage.html",
        {
            "hub": hub,
            "form": form,
            "initiatives": selectors.publications_for_managing(p),
            "news": NewsItem.objects.filter(partnership=p).order_by("-published_on", "-pk"),
            "events": selectors.events_for_managing(p),
            "today": timezone.localdate(),
        },
    )


def publication_edit(request, partnership_slug, slug):
    require(request, "hub.manage")
    p = request.partnership
    initiative = get_object_or_404(Initiative, partnership=p, slug=slug)
    publication = PublishedInitiative.objects.filter(initiative=initiative).first()
    form = PublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_publish(
                actor=request.actor,
                user=request.user,
                initiative=initiative,
                summary=form.cleaned_data["summary"],
                contact=form.cleaned_data["contact"],
                on=timezone.localdate(),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(name)s is shown on the hub.") % {"name": initiative.name})
            return redirect("hub:manage", p.slug)
    return render(
        request, "hub/publication_form.html", {"initiative": initiative, "publication": publication, "form": form}
    )


def publication_delete(request, partnership_slug, slug):
    require(request, "hub.manage")
    p = request.partnership
    publication = get_object_or_404(PublishedInitiative, partnership=p, initiative__slug=slug)
    if request.method == "POST":
        services.initiative_unpublish(actor=request.actor, user=request.user, publication=publication)
        messages.success(request, _("%(name)s is no longer shown on the hub.") % {"name": publication.initiative.name})
    return redirect("hub:manage", p.slug)


def news_edit(request, partnership_slug, pk=None):
    require(request, "hub.manage")
    p = request.partnership
    item = get_object_or_404(NewsItem, partnership=p, pk=pk) if pk is not None else None
    form = NewsItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.news_item_save(
                actor=request.actor, user=request.user, partnership=p, item=item, values=form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The news item was saved."))
            return redirect("hub:manage", p.slug)
    return render(request, "hub/news_form.html", {"item": item, "form": form})


def event_edit(request, partnership_slug, key):
    require(request, "hub.manage")
    p = request.partnership
    event = get_object_or_404(Event, partnership=p, key=key)
    publication = PublishedEvent.objects.filter(event=event).first()
    form = EventPublicationForm(request.POST or None, instance=publication)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_publish(
                actor=request.actor, user=request.user, event=event, values=form.cleaned_data, on=timezone.localdate()
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(name)s is shown on the hub.") % {"name": event.title})
            return redirect("hub:manage", p.slug)
    return render(request, "hub/event_form.html", {"event": event, "publication": publication, "form": form})


def attendance(request, partnership_slug, key):
    """The list at the door: everyone registered, marked as they come (works on a phone)."""
    require(request, "hub.manage")
    p = request.partnership
    publication = get_object_or_404(PublishedEvent.objects.select_related("event"), partnership=p, event__key=key)
    if request.method == "POST":
        registration = get_object_or_404(Registration, event=publication, pk=request.POST.get("registration"))
        services.attendance_mark(
            actor=request.actor, user=request.user, registration=registration, attended=request.POST.get("came") == "1"
        )
        if request.headers.get("HX-Request"):
            return render(request, "hub/_attendance_row.html", {"r": registration, "publication": publication})
        return redirect("hub:attendance", p.slug, key)
    registrations = selectors.attendance_list(publication)
    return render(
        request,
        "hub/attendance.html",
        {
            "publication": publication,
            "registrations": registrations,
            "came": sum(1 for r in registrations if r.attended),
        },
    )


def challenges(request, partnership_slug):
    require(request, "challenge.manage")
    return render(
        request, "hub/challenges.html", {"challenges": selectors.challenges_for_managing(request.partnership)}
    )


def challenge_edit(request, partnership_slug, slug=None):
    require(request, "challenge.manage")
    p = request.partnership
    challenge = get_object_or_404(Challenge, partnership=p, slug=slug) if slug is not None else None
    form = ChallengeForm(request.POST or None, instance=challenge, partnership=p)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_save(
                actor=request.actor, user=request.user, partnership=p, challenge=challenge, values=form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The challenge was saved."))
            return redirect("hub:challenges", p.slug)
    return render(request, "hub/challenge_form.html", {"challenge": challenge, "form": form})


def interests(request, partnership_slug, slug):
    require(request, "challenge.manage")
    p = request.partnership
    challenge = get_object_or_404(Challenge, partnership=p, slug=slug)
    if request.method == "POST":
        interest = get_object_or_404(Interest, challenge=challenge, pk=request.POST.get("interest"))
        form = InterestAnswerForm(request.POST, prefix=f"i{interest.pk}")
        if form.is_valid():
            services.interest_answer(
                actor=request.actor,
                user=request.user,
                interest=interest,
                answer=form.cleaned_data["answer"],
                status=form.cleaned_data["status"],
            )
            messages.success(request, _("The answer to %(name)s was saved.") % {"name": interest.name})
            return redirect("hub:interests", p.slug, slug)
    rows = [
        (i, InterestAnswerForm(initial={"status": i.status, "answer": i.answer}, prefix=f"i{i.pk}"))
        for i in selectors.interests_of(challenge)
    ]
    return render(request, "hub/interests.html", {"challenge": challenge, "rows": rows})
