"""The public hub of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo):
idempotent, every record matched on its natural key."""

from datetime import date, time

from django.utils.crypto import salted_hmac

from samsyn.core.models import Person
from samsyn.followup.models import Event
from samsyn.portfolio.models import Discipline, Initiative, Perspective

from .models import (
    Challenge,
    Hub,
    Interest,
    NewsItem,
    OpenQuestion,
    PublishedEvent,
    PublishedInitiative,
    QuestionAnswer,
)


def load(partnership, data):
    hub = data.get("hub")
    if hub:
        Hub.objects.update_or_create(
            partnership=partnership,
            defaults={
                "published": hub.get("published", False),
                "introduction": hub.get("introduction", ""),
                "contact_email": hub.get("contact_email", ""),
            },
        )
    for row in data.get("publications", []):
        initiative = Initiative.objects.get(partnership=partnership, slug=row["initiative"])
        PublishedInitiative.objects.update_or_create(
            initiative=initiative,
            defaults={
                "partnership": partnership,
                "summary": row["summary"],
                "contact": row.get("contact", ""),
                "published_on": date.fromisoformat(row["published_on"]),
            },
        )
    for row in data.get("news", []):
        NewsItem.objects.update_or_create(
            partnership=partnership,
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "text": row["text"],
                "published_on": date.fromisoformat(row["published_on"]) if row.get("published_on") else None,
            },
        )
    for row in data.get("events", []):
        event = Event.objects.get(partnership=partnership, key=row["event"])
        PublishedEvent.objects.update_or_create(
            event=event,
            defaults={
                "partnership": partnership,
                "summary": row["summary"],
                "starts": time.fromisoformat(row["starts"]) if row.get("starts") else None,
                "ends": time.fromisoformat(row["ends"]) if row.get("ends") else None,
                "place": row.get("place", ""),
                "capacity": row.get("capacity"),
                "registration_open": row.get("registration_open", False),
                "published_on": date.fromisoformat(row["published_on"]),
            },
        )
    for row in data.get("challenges", []):
        challenge, _created = Challenge.objects.update_or_create(
            partnership=partnership,
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "description": row["description"],
                "kind": row["kind"],
                "level": row["level"],
                "period": row.get("period", ""),
                "initiative": Initiative.objects.get(partnership=partnership, slug=row["initiative"])
                if row.get("initiative")
                else None,
                "owner": Person.objects.get(partnership=partnership, key=row["owner"]),
                "contact": row.get("contact", ""),
                "published": row.get("published", False),
            },
        )
        challenge.disciplines.set(
            Discipline.objects.filter(partnership=partnership, name__in=row.get("disciplines", []))
        )
    for row in data.get("interests", []):
        challenge = Challenge.objects.get(partnership=partnership, slug=row["challenge"])
        Interest.objects.update_or_create(
            challenge=challenge,
            email=row["email"],
            defaults={
                "partnership": partnership,
                "name": row["name"],
                "programme": row.get("programme", ""),
                "message": row["message"],
                "status": row["status"],
                "answer": row.get("answer", ""),
                "started_on": date.fromisoformat(row["started_on"]) if row.get("started_on") else None,
                # Not guessable, and the same on every load (loading the demo twice changes nothing).
                "token": salted_hmac("samsyn.hub.demo.interest", f"{challenge.slug}:{row['email']}").hexdigest(),
            },
        )
    for row in data.get("questions", []):
        question, _created = OpenQuestion.objects.update_or_create(
            partnership=partnership,
            slug=row["slug"],
            defaults={
                "initiative": Initiative.objects.get(partnership=partnership, slug=row["initiative"]),
                "question": row["question"],
                "introduction": row.get("introduction", ""),
                "published_on": date.fromisoformat(row["published_on"]) if row.get("published_on") else None,
                "closes_on": date.fromisoformat(row["closes_on"]) if row.get("closes_on") else None,
                "answers_open": row.get("answers_open", True),
            },
        )
        # An answer has no key of its own: its text is what the demo matches it on.
        for answer in row.get("answers", []):
            QuestionAnswer.objects.update_or_create(
                question=question,
                text=answer["text"],
                defaults={
                    "partnership": partnership,
                    "perspective": Perspective.objects.get(partnership=partnership, slug=answer["perspective"])
                    if answer.get("perspective")
                    else None,
                    "name": answer.get("name", ""),
                    "email": answer.get("email", ""),
                    "status": answer.get("status", "pending"),
                },
            )
