"""Deciding what the public hub shows. Each service checks the policy and writes the history in
the transaction that makes the change."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samsyn.core import policy
from samsyn.core.administration import snapshot
from samsyn.core.invitations import site_url
from samsyn.core.lib.slugs import slug_unique
from samsyn.core.lib.urls import reverse
from samsyn.core.mail import mail_queue
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser
from samsyn.followup import rules as followup_rules
from samsyn.followup import services as followup_services
from samsyn.followup.models import Event
from samsyn.portfolio.models import Initiative, LearningEntry, Perspective
from samsyn.portfolio.services.learning import learning_entry_add

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

MANAGE = "hub.manage"
HUB_FIELDS = ("published", "introduction", "contact_email")
PUBLICATION_FIELDS = ("summary", "contact", "published_on")
NEWS_FIELDS = ("title", "text", "published_on")


def _target(partnership: Partnership) -> Target:
    return Target(partnership_id=partnership.pk)


def hub_change(*, actor: Actor, user: AnyUser, partnership: Partnership, values: dict[str, Any]) -> Hub:
    """The hub's own settings: whether it is published, its introduction and its contact."""
    policy.require(actor, MANAGE, _target(partnership))
    with transaction.atomic():
        hub, created = Hub.objects.select_for_update().get_or_create(partnership=partnership)
        before = None if created else snapshot(hub, HUB_FIELDS)
        for name in HUB_FIELDS:
            if name in values:
                setattr(hub, name, values[name])
        hub.full_clean(exclude=["partnership"])
        hub.save()
        after = snapshot(hub, HUB_FIELDS)
        if after != before:
            action = "hub.create" if created else "hub.change"
            audit_record(partnership=partnership, user=user, action=action, obj=hub, before=before, after=after)
    return hub


def initiative_publish(
    *, actor: Actor, user: AnyUser, initiative: Initiative, summary: str, contact: str, on: date
) -> PublishedInitiative:
    """Show the initiative on the hub with a summary written for the public, or change what it shows."""
    policy.require(actor, MANAGE, _target(initiative.partnership))
    with transaction.atomic():
        found = PublishedInitiative.objects.select_for_update().filter(initiative=initiative).first()
        before = None if found is None else snapshot(found, PUBLICATION_FIELDS)
        publication = found or PublishedInitiative(partnership=initiative.partnership, initiative=initiative)
        publication.summary, publication.contact = summary.strip(), contact.strip()
        publication.published_on = publication.published_on or on
        publication.full_clean(exclude=["partnership", "initiative"])
        publication.save()
        after = snapshot(publication, PUBLICATION_FIELDS)
        if after != before:
            action = "publishedinitiative.create" if found is None else "publishedinitiative.change"
            audit_record(
                partnership=initiative.partnership,
                user=user,
                action=action,
                obj=publication,
                before=before,
                after=after,
            )
    return publication


def initiative_unpublish(*, actor: Actor, user: AnyUser, publication: PublishedInitiative) -> None:
    """Take the initiative off the hub; the initiative itself is untouched."""
    policy.require(actor, MANAGE, _target(publication.partnership))
    with transaction.atomic():
        audit_record(
            partnership=publication.partnership,
            user=user,
            action="publishedinitiative.delete",
            obj=publication,
            before=snapshot(publication, PUBLICATION_FIELDS),
        )
        publication.delete()


def news_item_save(
    *, actor: Actor, user: AnyUser, partnership: Partnership, item: NewsItem | None, values: dict[str, Any]
) -> NewsItem:
    """A new piece of news, or a changed one; its address is made from the title once."""
    policy.require(actor, MANAGE, _target(partnership))
    with transaction.atomic():
        before = None if item is None else snapshot(NewsItem.objects.get(pk=item.pk), NEWS_FIELDS)
        news = item or NewsItem(partnership=partnership)
        for name in NEWS_FIELDS:
            if name in values:
                setattr(news, name, values[name])
        if not news.slug:
            news.slug = slug_unique(
                NewsItem.objects.filter(partnership=partnership), news.title, max_length=120, fallback="nyhet"
            )
        news.full_clean(exclude=["partnership"])
        news.save()
        after = snapshot(news, NEWS_FIELDS)
        if after != before:
            action = "newsitem.create" if item is None else "newsitem.change"
            audit_record(partnership=partnership, user=user, action=action, obj=news, before=before, after=after)
    return news


EVENT_FIELDS = ("summary", "starts", "ends", "place", "capacity", "registration_open")
# A visitor's address may register this many times an hour (any event); more is refused.
REGISTRATION_LIMIT = followup_rules.Limit(count=10, seconds=3600)


def event_publish(*, actor: Actor, user: AnyUser, event: Event, values: dict[str, Any], on: date) -> PublishedEvent:
    """Show the event on the hub, with registration if it is open, or change what it shows."""
    policy.require(actor, MANAGE, _target(event.partnership))
    with transaction.atomic():
        found = PublishedEvent.objects.select_for_update().filter(event=event).first()
        before = None if found is None else snapshot(found, EVENT_FIELDS)
        publication = found or PublishedEvent(partnership=event.partnership, event=event, published_on=on)
        for name in EVENT_FIELDS:
            if name in values:
                setattr(publication, name, values[name])
        publication.full_clean(exclude=["partnership", "event"])
        publication.save()
        after = snapshot(publication, EVENT_FIELDS)
        if after != before:
            action = "publishedevent.create" if found is None else "publishedevent.change"
            audit_record(
                partnership=event.partnership, user=user, action=action, obj=publication, before=before, after=after
            )
        if found is not None:
            _move_up(publication)
    return publication


def registration_request(
    *, event: PublishedEvent, name: str, email: str, organisation: str, address: str
) -> Registration | None:
    """A visitor asks to register: the registration waits for the visitor to confirm it from the
    e-mail this sends. None when the visitor's address has tried too often (nothing is stored)."""
    if followup_services.attempt_record(scope="hub-register", subject=address, limit=REGISTRATION_LIMIT):
        return None
    with transaction.atomic():
        registration = Registration.objects.create(
            partnership=event.partnership,
            event=event,
            name=name.strip(),
            email=email.strip(),
            organisation=organisation.strip(),
            token=secrets.token_urlsafe(32),
        )
        _mail(
            registration,
            subject=_("Confirm your registration: %(event)s") % {"event": event.event.title},
            paragraphs=[
                _("Someone, we hope you, asked to register %(email)s for %(event)s on %(date)s.")
                % {"email": registration.email, "event": event.event.title, "date": _date(event)},
                _("The registration counts once you confirm it. If you did not ask for it, do nothing."),
            ],
            link=("hub_public:registration_confirm", _("Confirm the registration")),
        )
    return registration


def registration_confirm(*, registration: Registration) -> Registration:
    """The visitor confirms from the e-mail: a place if one is left, otherwise the waiting list.
    Confirming again changes nothing."""
    with transaction.atomic():
        event = PublishedEvent.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            return registration
        confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
        registration.status = rules.place_on_confirm(confirmed, event.capacity)
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        if registration.status == Registration.Status.CONFIRMED:
            text = _("You are registered for %(event)s on %(date)s.")
        else:
            text = _(
                "%(event)s on %(date)s is full, so you are on the waiting list. We write to you if a place is freed."
            )
        _mail(
            registration,
            subject=str(registration.get_status_display()).capitalize() + f": {event.event.title}",
            paragraphs=[
                text % {"event": event.event.title, "date": _date(event)},
                _("If you cannot come, cancel with the link below so that someone else gets the place."),
            ],
            link=("hub_public:registration_cancel", _("Cancel the registration")),
        )
    return registration


def registration_cancel(*, registration: Registration) -> Registration:
    """The visitor cancels from the e-mail; the first on the waiting list gets the place."""
    with transaction.atomic():
        event = PublishedEvent.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
        _move_up(event)
    return registration


def _move_up(event: PublishedEvent) -> None:
    """Give the places left to the waiting list, first confirmed first, and tell them."""
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = list(event.registrations.filter(status=Registration.Status.WAITING).order_by("confirmed_at", "pk"))
    promoted = set(rules.moving_up(confirmed, event.capacity, [r.pk for r in waiting]))
    for registration in waiting:
        if registration.pk in promoted:
            registration.status = Registration.Status.CONFIRMED
            registration.save(update_fields=["status"])
            _mail(
                registration,
                subject=_("A place for you: %(event)s") % {"event": event.event.title},
                paragraphs=[
                    _("A place was freed, and it is yours: you are registered for %(event)s on %(date)s.")
                    % {"event": event.event.title, "date": _date(event)},
                ],
                link=("hub_public:registration_cancel", _("Cancel the registration")),
            )


def attendance_mark(*, actor: Actor, user: AnyUser, registration: Registration, attended: bool) -> None:
    """Mark at the door whether a registered visitor came."""
    policy.require(actor, MANAGE, _target(registration.partnership))
    with transaction.atomic():
        if registration.attended != attended:
            before = {"attended": registration.attended}
            registration.attended = attended
            registration.save(update_fields=["attended"])
            audit_record(
                partnership=registration.partnership,
                user=user,
                action="registration.change",
                obj=registration,
                before=before,
                after={"attended": attended, "name": registration.name},
            )


def _date(event: PublishedEvent) -> str:
    return date_format(event.event.date, "j F Y") + (f" {event.starts:%H.%M}" if event.starts else "")


def _mail(registration: Registration, *, subject: str, paragraphs: list[str], link: tuple[str, str]) -> None:
    url_name, label = link
    _notify(
        to=registration.email,
        partnership=registration.partnership,
        name=registration.name,
        subject=subject,
        paragraphs=paragraphs,
        url=site_url(reverse(url_name, args=[registration.token])),
        label=label,
    )


# The visitor's own data: what the hub keeps of a person who is not a member (registrations),
# exported or erased on request, and erased anyway once its keeping has passed. Run from the
# command line by the platform's operator (`samsyn gdpr`), so no actor.


def visitor_data_export(*, email: str) -> dict[str, Any]:
    """Everything the hub keeps about the visitor with this e-mail address, as plain data."""
    rows = Registration.objects.filter(email__iexact=email.strip()).select_related("event__event", "partnership")
    return {
        "email": email.strip(),
        "registrations": [
            {
                "partnership": r.partnership.name,
                "event": r.event.event.title,
                "event_date": r.event.event.date.isoformat(),
                "name": r.name,
                "email": r.email,
                "organisation": r.organisation,
                "status": r.status,
                "registered_at": r.created_at.isoformat(),
                "attended": r.attended,
            }
            for r in rows.order_by("created_at")
        ],
        "interests": [
            {
                "partnership": i.partnership.name,
                "challenge": i.challenge.title,
                "name": i.name,
                "email": i.email,
                "programme": i.programme,
                "message": i.message,
                "answer": i.answer,
                "status": i.status,
                "sent_at": i.created_at.isoformat(),
            }
            for i in Interest.objects.filter(email__iexact=email.strip())
            .select_related("challenge", "partnership")
            .order_by("created_at")
        ],
        "answers": [
            {
                "partnership": a.partnership.name,
                "question": a.question.question,
                "answer": a.text,
                "perspective": a.perspective.name if a.perspective else None,
                "name": a.name,
                "email": a.email,
                "status": a.status,
                "sent_at": a.created_at.isoformat(),
            }
            for a in QuestionAnswer.objects.filter(email__iexact=email.strip())
            .select_related("question", "perspective", "partnership")
            .order_by("created_at")
        ],
        "newsletters": [
            {
                "partnership": s.partnership.name,
                "email": s.email,
                "status": s.status,
                "signed_up_at": s.created_at.isoformat(),
                "confirmed_at": s.confirmed_at.isoformat() if s.confirmed_at else None,
            }
            for s in Subscriber.objects.filter(email__iexact=email.strip())
            .select_related("partnership")
            .order_by("created_at")
        ],
    }


def visitor_data_erase(*, email: str) -> int:
    """Erase the visitor's registrations, interests, answers to open questions and newsletter
    subscriptions; the history keeps only counts. (An answer taken into a learning log was quoted
    there without its name or address, and the quote stays.)"""
    address = email.strip()
    return (
        _registrations_erase(Registration.objects.filter(email__iexact=address))
        + _interests_erase(Interest.objects.filter(email__iexact=address))
        + _answers_erase(QuestionAnswer.objects.filter(email__iexact=address))
        + _subscribers_erase(Subscriber.objects.filter(email__iexact=address))
    )


def registrations_prune(*, today: date) -> int:
    """Erase what is past its keeping: registrations a year after the event, interests two years
    after they were sent, the name and address of an answer a year after it was sent (the answer
    stays, anonymous), and newsletter sign-ups not confirmed within a week."""
    named = [
        a.pk
        for a in QuestionAnswer.objects.exclude(name="", email="").only("pk", "created_at")
        if rules.answer_contact_expired(a.created_at.date(), today)
    ]
    unconfirmed = [
        s.pk
        for s in Subscriber.objects.filter(status=Subscriber.Status.PENDING).only("pk", "created_at")
        if rules.signup_expired(s.created_at.date(), today)
    ]
    return (
        _registrations_prune(today)
        + _answers_anonymise(QuestionAnswer.objects.filter(pk__in=named))
        + _subscribers_erase(Subscriber.objects.filter(pk__in=unconfirmed))
    )


def _registrations_prune(today: date) -> int:
    expired = [
        r.pk
        for r in Registration.objects.select_related("event__event").only("pk", "event__event__date")
        if rules.registration_expired(r.event.event.date, today)
    ]
    stale = [
        i.pk for i in Interest.objects.only("pk", "created_at") if rules.interest_expired(i.created_at.date(), today)
    ]
    return _registrations_erase(Registration.objects.filter(pk__in=expired)) + _interests_erase(
        Interest.objects.filter(pk__in=stale)
    )


def _answers_erase(rows: QuerySet[QuestionAnswer]) -> int:
    return _erase_by_parent(rows, parent="question", counted="answers", action="openquestion.change", name=str)


def _answers_anonymise(rows: QuerySet[QuestionAnswer]) -> int:
    """Clear the name and address of the answers; the answers stay, with nobody's name."""
    cleared = 0
    with transaction.atomic():
        by_question: dict[int, list[int]] = {}
        for answer in rows.only("pk", "question_id"):
            by_question.setdefault(answer.question_id, []).append(answer.pk)
        for question in OpenQuestion.objects.filter(pk__in=by_question):
            n = QuestionAnswer.objects.filter(pk__in=by_question[question.pk]).update(name="", email="")
            audit_record(
                partnership=question.partnership,
                user=None,
                action="openquestion.change",
                obj=question,
                before={"answers_with_contact": n, "name": question.question},
                after={"answers_with_contact": 0, "name": question.question},
            )
            cleared += n
    return cleared


def _subscribers_erase(rows: QuerySet[Subscriber]) -> int:
    return _erase_by_parent(rows, parent="hub", counted="subscribers", action="hub.change", name=None)


def _interests_erase(rows: QuerySet[Interest]) -> int:
    return _erase_by_parent(rows, parent="challenge", counted="interests", action="challenge.change", name=str)


def _registrations_erase(rows: QuerySet[Registration]) -> int:
    return _erase_by_parent(
        rows,
        parent="event",
        counted="registrations",
        action="publishedevent.change",
        name=str,
        related=("event__event",),
    )


def _erase_by_parent(
    rows: QuerySet[Any],
    *,
    parent: str,
    counted: str,
    action: str,
    name: Callable[[Any], str] | None,
    related: tuple[str, ...] = (),
) -> int:
    """Delete a visitor's rows, and write in the history of each record they belonged to (a
    question, a hub, a challenge, an event) how many it had before and after: counts, no person."""
    erased = 0
    with transaction.atomic():
        by_parent: dict[int, list[Any]] = {}
        for row in rows.select_related(f"{parent}__partnership", *related):
            by_parent.setdefault(getattr(row, f"{parent}_id"), []).append(row)
        for group in by_parent.values():
            owner = getattr(group[0], parent)
            before = getattr(owner, counted).count()
            rows.model.objects.filter(pk__in=[row.pk for row in group]).delete()
            named = {"name": name(owner)} if name else {}
            audit_record(
                partnership=owner.partnership,
                user=None,
                action=action,
                obj=owner,
                before={counted: before, **named},
                after={counted: before - len(group), **named},
            )
            erased += len(group)
    return erased


CHALLENGE = "challenge.manage"
CHALLENGE_FIELDS = (
    "title",
    "description",
    "kind",
    "level",
    "disciplines",
    "period",
    "initiative",
    "owner",
    "contact",
    "published",
)
# A visitor's address may send this many interests an hour; more is refused.
INTEREST_LIMIT = followup_rules.Limit(count=10, seconds=3600)


def challenge_save(
    *, actor: Actor, user: AnyUser, partnership: Partnership, challenge: Challenge | None, values: dict[str, Any]
) -> Challenge:
    """A new challenge or a changed one; its address is made from the title once."""
    policy.require(actor, CHALLENGE, _target(partnership))
    with transaction.atomic():
        before = None if challenge is None else snapshot(Challenge.objects.get(pk=challenge.pk), CHALLENGE_FIELDS)
        item = challenge or Challenge(partnership=partnership)
        for name in CHALLENGE_FIELDS:
            if name in values and name != "disciplines":
                setattr(item, name, values[name])
        if not item.slug:
            item.slug = slug_unique(
                Challenge.objects.filter(partnership=partnership),
                item.title,
                max_length=120,
                fallback="utmaning",
                reserved=frozenset({"ny"}),
            )
        item.full_clean(exclude=["partnership", "disciplines"])
        item.save()
        if "disciplines" in values:
            item.disciplines.set(values["disciplines"])
        after = snapshot(item, CHALLENGE_FIELDS)
        if after != before:
            action = "challenge.create" if challenge is None else "challenge.change"
            audit_record(partnership=partnership, user=user, action=action, obj=item, before=before, after=after)
    return item


def interest_request(
    *, challenge: Challenge, name: str, email: str, programme: str, message: str, address: str
) -> Interest | None:
    """A student or researcher shows interest: it reaches the problem owner once confirmed from the
    e-mail this sends. None when the visitor's address has tried too often (nothing is stored)."""
    if followup_services.attempt_record(scope="hub-interest", subject=address, limit=INTEREST_LIMIT):
        return None
    with transaction.atomic():
        interest = Interest.objects.create(
            partnership=challenge.partnership,
            challenge=challenge,
            name=name.strip(),
            email=email.strip(),
            programme=programme.strip(),
            message=message.strip(),
            token=secrets.token_urlsafe(32),
        )
        _notify(
            to=interest.email,
            partnership=challenge.partnership,
            name=interest.name,
            subject=_("Confirm your interest: %(challenge)s") % {"challenge": challenge.title},
            paragraphs=[
                _("Someone, we hope you, told %(partnership)s of an interest in the challenge %(challenge)s.")
                % {"partnership": challenge.partnership.name, "challenge": challenge.title},
                _("The problem owner gets your message once you confirm it. If you did not send it, do nothing."),
            ],
            url=site_url(reverse("hub_public:interest_confirm", args=[interest.token])),
            label=_("Confirm the interest"),
        )
    return interest


def interest_confirm(*, interest: Interest) -> Interest:
    """The sender confirms from the e-mail: the problem owner is told. Confirming again changes nothing."""
    with transaction.atomic():
        interest = Interest.objects.select_for_update().select_related("challenge__owner").get(pk=interest.pk)
        if interest.status != Interest.Status.PENDING:
            return interest
        interest.status = Interest.Status.NEW
        interest.save(update_fields=["status"])
        owner = interest.challenge.owner
        if owner.email:
            _notify(
                to=owner.email,
                partnership=interest.partnership,
                name=owner.name,
                subject=_("New interest: %(challenge)s") % {"challenge": interest.challenge.title},
                paragraphs=[
                    _("%(name)s is interested in your challenge %(challenge)s.")
                    % {"name": interest.name, "challenge": interest.challenge.title},
                    _("Read the message and answer it in Samsyn."),
                ],
                url=site_url(reverse("hub:interests", args=[interest.partnership.slug, interest.challenge.slug])),
                label=_("The challenge's interests"),
            )
    return interest


def interest_answer(*, actor: Actor, user: AnyUser, interest: Interest, answer: str, status: str) -> Interest:
    """The problem owner answers an interest (the answer is e-mailed to its sender) and follows
    it on to work begun, or closes it."""
    policy.require(actor, CHALLENGE, _target(interest.partnership))
    with transaction.atomic():
        before = {"status": interest.status, "answer": interest.answer, "name": interest.name}
        send = bool(answer.strip()) and answer.strip() != interest.answer
        interest.answer, interest.status = answer.strip(), status
        # The first day the work is said to have begun; it stays when the work is later closed.
        if status == Interest.Status.STARTED and interest.started_on is None:
            interest.started_on = timezone.localdate()
        interest.full_clean(exclude=["partnership", "challenge", "token"])
        interest.save(update_fields=["answer", "status", "started_on"])
        after = {"status": interest.status, "answer": interest.answer, "name": interest.name}
        if after != before:
            audit_record(
                partnership=interest.partnership,
                user=user,
                action="interest.change",
                obj=interest,
                before=before,
                after=after,
            )
        if send:
            _notify(
                to=interest.email,
                partnership=interest.partnership,
                name=interest.name,
                subject=_("An answer about %(challenge)s") % {"challenge": interest.challenge.title},
                paragraphs=[interest.answer],
                url=site_url(
                    reverse("hub_public:challenge", args=[interest.partnership.slug, interest.challenge.slug])
                ),
                label=_("The challenge"),
            )
    return interest


def _notify(
    *, to: str, partnership: Partnership, name: str, subject: str, paragraphs: list[str], url: str, label: str
) -> None:
    mail_queue(
        to=[to],
        subject=subject,
        template="core/mail/message",
        context={
            "greeting": _("Hello %(name)s!") % {"name": name},
            "paragraphs": paragraphs,
            "link_url": url,
            "link_label": label,
            "partnership_name": partnership.name,
        },
        partnership=partnership,
    )


QUESTION = "question.manage"
QUESTION_FIELDS = ("initiative", "question", "introduction", "published_on", "closes_on", "answers_open")
# A visitor's address may answer this many times an hour (any question); more is refused.
ANSWER_LIMIT = followup_rules.Limit(count=10, seconds=3600)


def question_save(
    *, actor: Actor, user: AnyUser, partnership: Partnership, question: OpenQuestion | None, values: dict[str, Any]
) -> OpenQuestion:
    """A new open question or a changed one; only an initiative shown on the hub may ask one. Its
    address is made from the question once."""
    policy.require(actor, QUESTION, _target(partnership))
    with transaction.atomic():
        before = None if question is None else snapshot(OpenQuestion.objects.get(pk=question.pk), QUESTION_FIELDS)
        item = question or OpenQuestion(partnership=partnership)
        for name in QUESTION_FIELDS:
            if name in values:
                setattr(item, name, values[name])
        initiative = item.initiative if item.initiative_id else None
        if initiative is not None and (
            initiative.partnership_id != partnership.pk
            or not PublishedInitiative.objects.filter(initiative=initiative).exists()
        ):
            raise ValidationError(
                {"initiative": _("Only an initiative shown on the hub can ask an open question. Publish it first.")}
            )
        if not item.slug:
            item.slug = slug_unique(
                OpenQuestion.objects.filter(partnership=partnership),
                item.question,
                max_length=120,
                fallback="fraga",
                reserved=frozenset({"ny"}),
            )
        item.full_clean(exclude=["partnership"])
        item.save()
        after = snapshot(item, QUESTION_FIELDS)
        if after != before:
            action = "openquestion.create" if question is None else "openquestion.change"
            audit_record(partnership=partnership, user=user, action=action, obj=item, before=before, after=after)
    return item


def answer_submit(
    *,
    question: OpenQuestion,
    text: str,
    perspective: Perspective | None,
    name: str,
    email: str,
    address: str,
    today: date,
) -> QuestionAnswer | None:
    """Anyone answers an open question, with a name and address or without. The answer waits for
    review and is shown on the hub only once approved. None when the visitor's address has tried
    too often (nothing is stored); a closed question refuses it."""
    if not rules.question_takes_answers(question.answers_open, question.published_on, question.closes_on, today):
        raise ValidationError(_("The question takes no more answers."))
    if perspective is not None and perspective.partnership_id != question.partnership_id:
        raise ValidationError({"perspective": _("Choose one of the partnership's perspectives.")})
    if followup_services.attempt_record(scope="hub-answer", subject=address, limit=ANSWER_LIMIT):
        return None
    answer = QuestionAnswer(
        partnership=question.partnership,
        question=question,
        text=text.strip(),
        perspective=perspective,
        name=name.strip(),
        email=email.strip(),
    )
    answer.full_clean(exclude=["partnership", "question", "perspective", "learning_entry"])
    answer.save()
    return answer


def answer_review(*, actor: Actor, user: AnyUser, answer: QuestionAnswer, decision: str) -> QuestionAnswer:
    """Approve an answer (the hub shows its text, never its name or address) or reject it (the hub
    does not show it, or no longer). The history keeps the decision, not who answered."""
    policy.require(actor, QUESTION, _target(answer.partnership))
    with transaction.atomic():
        answer = QuestionAnswer.objects.select_for_update().select_related("question").get(pk=answer.pk)
        status = rules.answer_reviewed(answer.status, decision)
        if status is None:
            return answer
        before = {"status": answer.status, "name": answer.question.question}
        answer.status = status
        answer.moderated_at = timezone.now()
        answer.save(update_fields=["status", "moderated_at"])
        audit_record(
            partnership=answer.partnership,
            user=user,
            action="questionanswer.change",
            obj=answer,
            before=before,
            after={"status": status, "name": answer.question.question},
        )
    return answer


def answer_learn(*, actor: Actor, user: AnyUser, answer: QuestionAnswer, on: date) -> LearningEntry:
    """Take an approved answer into its initiative's learning log as an insight, once: the entry
    quotes the answer and its perspective, never its name or address."""
    policy.require(actor, QUESTION, _target(answer.partnership))
    with transaction.atomic():
        # Lock the answer only: its perspective may be none, and PostgreSQL locks no outer join.
        answer = (
            QuestionAnswer.objects.select_for_update(of=("self",))
            .select_related("question__initiative", "perspective")
            .get(pk=answer.pk)
        )
        if not rules.answer_may_be_learned(answer.status, answer.learning_entry_id is not None):
            raise ValidationError(_("Only an approved answer is taken into the learning log, and only once."))
        values = {"question": answer.question.question, "text": answer.text}
        if answer.perspective is not None:
            text = _('An answer to the open question "%(question)s", from the perspective %(perspective)s: "%(text)s"')
            values["perspective"] = answer.perspective.name
        else:
            text = _('An answer to the open question "%(question)s": "%(text)s"')
        entry = learning_entry_add(
            actor=actor,
            user=user,
            initiative=answer.question.initiative,
            kind=LearningEntry.Kind.INSIGHT,
            on=on,
            text=text % values,
        )
        answer.learning_entry = entry
        answer.save(update_fields=["learning_entry"])
        audit_record(
            partnership=answer.partnership,
            user=user,
            action="questionanswer.change",
            obj=answer,
            before={"learning_entry": None, "name": answer.question.question},
            after={"learning_entry": entry.pk, "name": answer.question.question},
        )
    return entry


# A visitor's address may sign up this many times an hour (any hub); more is refused.
SIGNUP_LIMIT = followup_rules.Limit(count=5, seconds=3600)


def subscriber_request(*, hub: Hub, email: str, address: str) -> Subscriber | None:
    """A visitor signs up for the hub's newsletter: the address gets it once confirmed from the
    e-mail this sends. An address already waiting gets the link again; one already subscribing
    gets nothing (and the page says the same to both, so it tells nobody who subscribes). None when
    the visitor's address has tried too often (nothing is stored)."""
    if followup_services.attempt_record(scope="hub-newsletter", subject=address, limit=SIGNUP_LIMIT):
        return None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(hub=hub, email__iexact=email.strip()).first()
        if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber is None:
            subscriber = Subscriber.objects.create(
                partnership=hub.partnership, hub=hub, email=email.strip(), token=secrets.token_urlsafe(32)
            )
        partnership = hub.partnership
        leave = site_url(reverse("hub_public:newsletter_leave", args=[subscriber.token]))
        mail_queue(
            to=[subscriber.email],
            subject=_("Confirm your subscription: the newsletter of %(partnership)s")
            % {"partnership": partnership.name},
            template="core/mail/message",
            context={
                "greeting": _("Hello!"),
                "paragraphs": [
                    _("Someone, we hope you, asked for the newsletter of %(partnership)s to be sent to %(email)s.")
                    % {"partnership": partnership.name, "email": subscriber.email},
                    _(
                        "You get it once you confirm. If you did not ask for it, do nothing: the address is "
                        "erased within a week."
                    ),
                    _("To leave the newsletter, now or later: %(url)s") % {"url": leave},
                ],
                "link_url": site_url(reverse("hub_public:newsletter_confirm", args=[subscriber.token])),
                "link_label": _("Confirm the subscription"),
                "partnership_name": partnership.name,
            },
            partnership=partnership,
            # One click in the mail program leaves the newsletter (RFC 2369 and RFC 8058).
            headers={"List-Unsubscribe": f"<{leave}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
    return subscriber


def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    """The visitor confirms from the e-mail: the address gets the newsletter. Confirming again
    changes nothing."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.PENDING:
            subscriber.status = Subscriber.Status.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["status", "confirmed_at"])
    return subscriber


def subscriber_leave(*, subscriber: Subscriber) -> None:
    """The visitor leaves the newsletter by the link: the address is erased, nothing is kept."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def subscribers_export(*, actor: Actor, user: AnyUser, hub: Hub) -> list[str]:
    """The confirmed addresses of the hub's newsletter, to send it with: a read of personal data,
    so the history records who took them and how many (not the addresses)."""
    policy.require(actor, MANAGE, _target(hub.partnership))
    with transaction.atomic():
        emails = list(
            Subscriber.objects.filter(hub=hub, status=Subscriber.Status.CONFIRMED)
            .order_by("email")
            .values_list("email", flat=True)
        )
        audit_record(
            partnership=hub.partnership,
            user=user,
            action="subscriber.export",
            obj=hub,
            after={"subscribers": len(emails)},
        )
    return emails
