"""The office's pages for deciding what the public hub shows."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.policy import can, require
from samsyn.followup.models import Event
from samsyn.portfolio.models import Initiative

from .. import selectors, services
from ..forms import (
    ChallengeForm,
    EventPublicationForm,
    HubForm,
    InterestAnswerForm,
    NewsItemForm,
    PublicationForm,
    QuestionForm,
)
from ..models import (
    Challenge,
    Hub,
    Interest,
    NewsItem,
    OpenQuestion,
    PublishedEvent,
    PublishedInitiative,
    QuestionAnswer,
    Registration,
)


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


def questions(request, partnership_slug):
    require(request, "question.manage")
    return render(
        request,
        "hub/questions.html",
        {"questions": selectors.questions_for_managing(request.partnership), "today": timezone.localdate()},
    )


def question_edit(request, partnership_slug, slug=None):
    require(request, "question.manage")
    p = request.partnership
    question = get_object_or_404(OpenQuestion, partnership=p, slug=slug) if slug is not None else None
    form = QuestionForm(request.POST or None, instance=question, partnership=p)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                actor=request.actor, user=request.user, partnership=p, question=question, values=form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("hub:questions", p.slug)
    return render(request, "hub/question_form.html", {"question": question, "form": form})


# What each button of the review does, and what the page says after it.
REVIEW_DONE = {
    "approve": gettext_lazy("The answer is approved and shown on the hub."),
    "reject": gettext_lazy("The answer is rejected and not shown on the hub."),
}


def answers(request, partnership_slug, slug):
    """The review of a question's answers: approve or reject those waiting, take an approved one
    off the hub, and take one into the initiative's learning log."""
    require(request, "question.manage")
    p = request.partnership
    question = get_object_or_404(OpenQuestion.objects.select_related("initiative"), partnership=p, slug=slug)
    if request.method == "POST":
        answer = get_object_or_404(QuestionAnswer, question=question, pk=request.POST.get("answer"))
        decision = request.POST.get("decision", "")
        if decision == "learn":
            try:
                services.answer_learn(actor=request.actor, user=request.user, answer=answer, on=timezone.localdate())
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(
                    request,
                    _("The answer is in the learning log of %(name)s.") % {"name": question.initiative.name},
                )
        elif decision in REVIEW_DONE:
            services.answer_review(actor=request.actor, user=request.user, answer=answer, decision=decision)
            messages.success(request, str(REVIEW_DONE[decision]))
        return redirect("hub:answers", p.slug, slug)
    return render(
        request,
        "hub/answers.html",
        {
            "question": question,
            "answers": selectors.answers_for_review(question),
            "may_learn": can(request, "learning.add", question.initiative),
        },
    )


def newsletter(request, partnership_slug):
    """How many get the newsletter, and their addresses as a CSV file to send it with (a button,
    since taking the addresses is recorded in the history)."""
    require(request, "hub.manage")
    hub = Hub.objects.filter(partnership=request.partnership).first()
    if request.method == "POST":
        if hub is None:
            raise Http404
        emails = services.subscribers_export(actor=request.actor, user=request.user, hub=hub)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nyhetsbrev.csv"'
        writer = csv.writer(response)
        writer.writerow([_("E-mail")])
        writer.writerows([e] for e in emails)
        return response
    return render(
        request,
        "hub/newsletter.html",
        {"hub": hub, "confirmed": selectors.subscribers_confirmed(hub) if hub is not None else 0},
    )
