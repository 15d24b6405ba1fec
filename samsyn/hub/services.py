"""Deciding what the public hub shows. Each service checks the policy and writes the history in
the transaction that makes the change."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from samsyn.core import policy
from samsyn.core.administration import snapshot
from samsyn.core.lib.slugs import slug_unique
from samsyn.core.models import Partnership
from samsyn.core.policy import Actor, Target
from samsyn.core.services import audit_record
from samsyn.core.types import AnyUser
from samsyn.portfolio.models import Initiative

from .models import Hub, NewsItem, PublishedInitiative

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
