"""What the public hub reads. Every public read starts from a published hub and reads only the
records someone published; each page takes a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from samsyn.archive.models import Document, DocumentVersion
from samsyn.archive.selectors import document_readable, initiative_documents
from samsyn.core.lib.prepared import prepared
from samsyn.core.models import FocusArea, Partnership
from samsyn.followup.models import Event, ImpactStory
from samsyn.followup.selectors import stories_for_initiative
from samsyn.portfolio.models import Initiative, Perspective, SocietalGoal

from . import rules
from .models import (
    Challenge,
    Hub,
    Interest,
    NewsItem,
    OpenQuestion,
    PublishedEvent,
    PublishedInitiative,
    QuestionAnswer,
    Registration,
    Subscriber,
)

NEWS_ON_FRONT = 5


def published_hubs() -> list[Hub]:
    """The hubs of the platform that are published, by their partnership's name (one query)."""
    return list(Hub.objects.filter(published=True).select_related("partnership").order_by("partnership__name"))


def hub_published(slug: str) -> Hub:
    """The published hub of the partnership with this address, or 404 (one query)."""
    found = _hub(slug)
    if not found:
        raise Http404
    return found[0]


# The public pages are the hub's busiest and each asks the same few queries with other values:
# each is compiled once (core.lib.prepared), which keeps a page within a few milliseconds.
@prepared
def _hub(slug: str) -> QuerySet[Hub]:
    return Hub.objects.select_related("partnership").filter(partnership__slug=slug, published=True)[:1]


@prepared
def _publications(partnership_id: int) -> QuerySet[Any]:
    """(initiative id, slug, name, phase) of every published initiative, by name: values, not
    instances, as the front page shows only these."""
    return (
        PublishedInitiative.objects.filter(partnership_id=partnership_id)
        .order_by("initiative__name")
        .values_list("initiative_id", "initiative__slug", "initiative__name", "initiative__phase")
    )


@prepared
def _publication(partnership_id: int, slug: str) -> QuerySet[PublishedInitiative]:
    return PublishedInitiative.objects.filter(partnership_id=partnership_id, initiative__slug=slug).select_related(
        "initiative", "initiative__testbed"
    )[:1]


@prepared
def _published_focus_areas(partnership_id: int) -> QuerySet[Any]:
    """(initiative id, focus area id, name) of every published initiative's focus areas, in order."""
    return (
        Initiative.focus_areas.through.objects.filter(
            initiative__partnership_id=partnership_id, initiative__publication__isnull=False
        )
        .order_by("focusarea__order", "focusarea__name")
        .values_list("initiative_id", "focusarea_id", "focusarea__name")
    )


@prepared
def _focus_area_names(initiative_id: int) -> QuerySet[Any]:
    return (
        Initiative.focus_areas.through.objects.filter(initiative_id=initiative_id)
        .order_by("focusarea__order", "focusarea__name")
        .values_list("focusarea__name", flat=True)
    )


@prepared
def _party_names(initiative_id: int) -> QuerySet[Any]:
    return (
        Initiative.parties.through.objects.filter(initiative_id=initiative_id)
        .order_by("organization__name")
        .values_list("organization__name", flat=True)
    )


@prepared
def _focus_areas(partnership_id: int) -> QuerySet[Any]:
    return FocusArea.objects.filter(partnership_id=partnership_id).order_by("order", "name").values_list("pk", "name")


@prepared
def _societal_goals(partnership_id: int) -> QuerySet[Any]:
    return (
        SocietalGoal.objects.filter(partnership_id=partnership_id)
        .order_by("order", "pk")
        .values_list("focus_area_id", "text")
    )


@prepared
def _news(partnership_id: int, today: date, *, limit: int) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(partnership_id=partnership_id, published_on__lte=today).order_by(
        "-published_on", "-pk"
    )[:limit]


@dataclass(frozen=True)
class PublicInitiative:
    """A published initiative with the names of its focus areas (and, on its own page, its parties)."""

    publication: PublishedInitiative
    focus_areas: list[str]
    parties: list[str]

    @property
    def initiative(self) -> Initiative:
        return self.publication.initiative


@dataclass(frozen=True)
class InitiativeLink:
    """A published initiative as the front page lists it."""

    slug: str
    name: str
    phase: str


@dataclass(frozen=True)
class FrontArea:
    """A focus area on the front page: its name, its societal goals and its published initiatives."""

    name: str
    goals: list[str]
    initiatives: list[InitiativeLink]


@dataclass(frozen=True)
class HubFront:
    hub: Hub
    focus_areas: list[FrontArea]
    other_initiatives: list[InitiativeLink]  # published initiatives of no focus area
    news: list[NewsItem]


def hub_front(hub: Hub, today: date) -> HubFront:
    """The hub's front page: vision and mission (on the partnership), the focus areas with their
    societal goals and published initiatives, and the latest published news (five queries)."""
    partnership_id = hub.partnership_id
    goals: dict[int, list[str]] = {}
    for area_id, text in _societal_goals(partnership_id):
        goals.setdefault(area_id, []).append(text)
    publications = [(pk, InitiativeLink(slug, name, phase)) for pk, slug, name, phase in _publications(partnership_id)]
    areas_of: dict[int, set[int]] = {}
    for initiative_id, area_id, __ in _published_focus_areas(partnership_id):
        areas_of.setdefault(initiative_id, set()).add(area_id)
    areas = [
        FrontArea(
            name,
            goals.get(area_id, []),
            [link for pk, link in publications if area_id in areas_of.get(pk, ())],
        )
        for area_id, name in _focus_areas(partnership_id)
    ]
    news = _news(partnership_id, today, limit=NEWS_ON_FRONT)
    return HubFront(hub, areas, [link for pk, link in publications if pk not in areas_of], news)


def news_published(partnership: Partnership, today: date) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(partnership=partnership, published_on__lte=today).order_by("-published_on", "-pk")


def initiative_published(hub: Hub, slug: str) -> PublicInitiative:
    """A published initiative of the hub with its focus areas and parties, or 404 (three queries)."""
    found = _publication(hub.partnership_id, slug)
    if not found:
        raise Http404
    publication = found[0]
    return PublicInitiative(
        publication, list(_focus_area_names(publication.initiative_id)), list(_party_names(publication.initiative_id))
    )


def publications_for_managing(partnership: Partnership) -> list[Initiative]:
    """Every initiative of the partnership with its publication, if any (one query)."""
    return list(Initiative.objects.filter(partnership=partnership).select_related("publication").order_by("name"))


def events_published(partnership: Partnership, today: date, *, coming: bool) -> list[PublishedEvent]:
    """The hub's events from today on (first first), or before today (latest first); one query."""
    rows = PublishedEvent.objects.filter(partnership=partnership).select_related("event")
    if coming:
        return list(rows.filter(event__date__gte=today).order_by("event__date", "starts"))
    return list(rows.filter(event__date__lt=today).order_by("-event__date"))


def event_published(hub: Hub, key: str) -> PublishedEvent:
    found = PublishedEvent.objects.select_related("event").filter(partnership=hub.partnership, event__key=key).first()
    if found is None:
        raise Http404
    return found


def places_left(event: PublishedEvent) -> int | None:
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return rules.places_left(confirmed, event.capacity)


def registration_by_token(token: str) -> Registration:
    """The registration of an e-mail's link, with its event and partnership (one query), or 404."""
    found = Registration.objects.select_related("event__event", "partnership").filter(token=token).first()
    if found is None:
        raise Http404
    return found


def attendance_list(event: PublishedEvent) -> list[Registration]:
    """Everyone registered or waiting, by name, for the list at the door (one query)."""
    return list(
        event.registrations.filter(status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]).order_by(
            "name", "pk"
        )
    )


def events_for_managing(partnership: Partnership) -> list[Event]:
    """The follow-up's events, latest first, with their publication if any (one query)."""
    return list(Event.objects.filter(partnership=partnership).select_related("publication").order_by("-date"))


def challenges_published(partnership: Partnership) -> list[Challenge]:
    """The hub's published challenges with their disciplines (two queries)."""
    return list(
        Challenge.objects.filter(partnership=partnership, published=True)
        .prefetch_related("disciplines")
        .order_by("title")
    )


def challenge_published(hub: Hub, slug: str) -> Challenge:
    found = (
        Challenge.objects.filter(partnership=hub.partnership, slug=slug, published=True)
        .select_related("initiative")
        .prefetch_related("disciplines")
        .first()
    )
    if found is None:
        raise Http404
    return found


def challenges_for_managing(partnership: Partnership) -> list[Challenge]:
    """Every challenge with how many confirmed interests it has (one query)."""
    return list(
        Challenge.objects.filter(partnership=partnership)
        .select_related("owner")
        .annotate(confirmed=Count("interests", filter=~Q(interests__status=Interest.Status.PENDING)))
        .order_by("title")
    )


def interests_of(challenge: Challenge) -> list[Interest]:
    """The confirmed interests of a challenge, newest first (one query)."""
    return list(challenge.interests.exclude(status=Interest.Status.PENDING).order_by("-created_at", "-pk"))


def interest_by_token(token: str) -> Interest:
    found = Interest.objects.select_related("challenge", "partnership").filter(token=token).first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class PublicQuestion:
    """An open question as the hub shows it: its approved answers by perspective, the
    partnership's perspectives in their order and "no perspective" last, and whether it takes answers."""

    question: OpenQuestion
    groups: list[tuple[Perspective | None, list[QuestionAnswer]]]
    approved: int
    takes_answers: bool


def _questions_shown(partnership: Partnership, today: date) -> QuerySet[OpenQuestion]:
    return OpenQuestion.objects.filter(
        partnership=partnership,
        published_on__lte=today,
        initiative__publication__isnull=False,
    ).select_related("initiative")


def _public_questions(questions: list[OpenQuestion], today: date) -> list[PublicQuestion]:
    """The questions with their approved answers, nothing else of them (two queries, for any number)."""
    if not questions:
        return []
    approved = list(
        QuestionAnswer.objects.filter(question__in=questions, status=QuestionAnswer.Status.APPROVED)
        .select_related("perspective")
        .only("pk", "question_id", "text", "perspective__name", "perspective__order", "created_at")
        .order_by("created_at", "pk")
    )
    order = list(Perspective.objects.filter(partnership_id=questions[0].partnership_id).order_by("order", "name"))
    result = []
    for question in questions:
        answers = [a for a in approved if a.question_id == question.pk]
        result.append(
            PublicQuestion(
                question=question,
                groups=rules.grouped_by(answers, lambda a: a.perspective, order),
                approved=len(answers),
                takes_answers=rules.question_takes_answers(
                    question.answers_open, question.published_on, question.closes_on, today
                ),
            )
        )
    return result


def questions_of_initiative(publication: PublishedInitiative, today: date) -> list[PublicQuestion]:
    """The open questions a published initiative shows, newest first, with their approved answers
    (three queries)."""
    return _public_questions(_initiative_questions(publication.partnership_id, publication.initiative_id, today), today)


@prepared
def _initiative_questions(partnership_id: int, initiative_id: int, today: date) -> QuerySet[OpenQuestion]:
    return (
        OpenQuestion.objects.filter(
            partnership_id=partnership_id,
            initiative_id=initiative_id,
            published_on__lte=today,
            initiative__publication__isnull=False,
        )
        .select_related("initiative")
        .order_by("-published_on", "pk")
    )


def question_published(hub: Hub, slug: str, today: date) -> PublicQuestion:
    """An open question on the hub with its approved answers, or 404 (three queries)."""
    found = _questions_shown(hub.partnership, today).filter(slug=slug).first()
    if found is None:
        raise Http404
    return _public_questions([found], today)[0]


def perspectives_of(partnership: Partnership) -> QuerySet[Perspective]:
    return Perspective.objects.filter(partnership=partnership).order_by("order", "name")


def questions_for_managing(partnership: Partnership) -> list[OpenQuestion]:
    """Every open question with how many answers wait for review and how many are approved (one query)."""
    return list(
        OpenQuestion.objects.filter(partnership=partnership)
        .select_related("initiative")
        .annotate(
            pending=Count("answers", filter=Q(answers__status=QuestionAnswer.Status.PENDING)),
            approved=Count("answers", filter=Q(answers__status=QuestionAnswer.Status.APPROVED)),
        )
        .order_by("-published_on", "question")
    )


@dataclass(frozen=True)
class WaitingQuestion:
    slug: str
    question: str
    pending: int


def questions_waiting(partnership: Partnership) -> list[WaitingQuestion]:
    """The open questions with answers waiting for review, with how many (one query, compiled once:
    the start page of those who review asks it on every visit)."""
    return [WaitingQuestion(*row) for row in _questions_waiting(partnership.pk)]


@prepared
def _questions_waiting(partnership_id: int) -> QuerySet[Any]:
    return (
        OpenQuestion.objects.filter(partnership_id=partnership_id)
        .annotate(pending=Count("answers", filter=Q(answers__status=QuestionAnswer.Status.PENDING)))
        .filter(pending__gt=0)
        .order_by("question")
        .values_list("slug", "question", "pending")
    )


def answers_for_review(question: OpenQuestion) -> dict[str, list[QuestionAnswer]]:
    """The question's answers by status: waiting first in the order they came, then approved and
    rejected (one query)."""
    by_status: dict[str, list[QuestionAnswer]] = {s: [] for s in QuestionAnswer.Status.values}
    for answer in question.answers.select_related("perspective").order_by("created_at", "pk"):
        by_status[answer.status].append(answer)
    return by_status


def subscriber_by_token(token: str) -> Subscriber:
    """The sign-up of an e-mail's link, with its hub's partnership (one query), or 404."""
    found = Subscriber.objects.select_related("hub__partnership").filter(token=token).first()
    if found is None:
        raise Http404
    return found


def subscribers_confirmed(hub: Hub) -> int:
    return Subscriber.objects.filter(hub=hub, status=Subscriber.Status.CONFIRMED).count()


# ------------------------------------------------------------------ the public archive and stories

ARCHIVE_PAGE = 50
INITIATIVE_DOCUMENTS = 20


def public_documents(partnership: Partnership, *, initiative: Initiative | None = None) -> QuerySet[Document]:
    """The documents the archive marks public (the archive's own rule for a reader who is no
    member), newest first; those naming `initiative` when given."""
    docs = document_readable(partnership, None).only("pk", "diary_number", "title", "kind", "date")
    if initiative is not None:
        docs = docs.filter(initiatives=initiative)
    return docs.order_by("-date", "-pk")


def public_initiative_documents(partnership: Partnership, initiative: Initiative) -> list[Document]:
    """The newest public documents that name the initiative (one query, compiled once)."""
    return initiative_documents(partnership, None, initiative.pk, INITIATIVE_DOCUMENTS)[0]


def public_document_version(partnership: Partnership, pk: int) -> DocumentVersion:
    """The newest version of a public document, or 404 (one query)."""
    version = (
        DocumentVersion.objects.filter(document__in=document_readable(partnership, None).filter(pk=pk))
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404
    return version


def public_stories(initiative: Initiative) -> list[ImpactStory]:
    """The initiative's impact stories whose person consented to publishing them."""
    return stories_for_initiative(initiative)
