"""The public hub: only what was published reaches a public page; its pages are cacheable and take
a fixed number of queries; the office decides what is shown, and each change is in the history."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samsyn.archive.models import Document
from samsyn.core.models import AuditEntry
from samsyn.followup.models import ImpactStory
from samsyn.hub.models import Hub, NewsItem, PublishedInitiative
from samsyn.portfolio.models import Initiative

pytestmark = pytest.mark.django_db

FRONT = "/hubb/shk/"


def public_get(url, **headers):
    return Client().get(url, **headers)


def test_the_hub_shows_only_published_initiatives_and_their_public_summary(shk):
    html = public_get(FRONT).content.decode()
    published = set(PublishedInitiative.objects.filter(partnership=shk).values_list("initiative__name", flat=True))
    assert len(published) == 6
    for name in published:
        assert name in html
    unpublished = Initiative.objects.filter(partnership=shk).exclude(name__in=published)
    assert unpublished.count() > 20
    for initiative in unpublished:
        assert f">{initiative.name}<" not in html, initiative.name
    page = public_get("/hubb/shk/initiativ/studentcoacher/").content.decode()
    assert "Studenter coachar unga i Västerås och Eskilstuna" in page
    # The initiative's internal description is not the public summary.
    internal = Initiative.objects.get(partnership=shk, slug="studentcoacher").description
    assert internal[:60] not in page
    assert public_get("/hubb/shk/initiativ/uvas/").status_code == 404


def test_public_pages_are_cacheable_and_set_no_cookie(shk):
    response = public_get(FRONT)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies
    again = public_get(FRONT, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert Client().post(FRONT).status_code == 405


def test_an_unpublished_hub_is_nowhere(shk):
    Hub.objects.filter(partnership=shk).update(published=False)
    assert "Samhällskontraktet" not in public_get("/hubb/").content.decode()
    assert public_get(FRONT).status_code == 404
    assert public_get("/hubb/shk/initiativ/studentcoacher/").status_code == 404
    assert public_get("/hubb/shk/nyheter/").status_code == 404


def test_news_shows_from_its_date_and_a_draft_never(shk):
    today = timezone.localdate()
    NewsItem.objects.create(partnership=shk, slug="utkast", title="Ett utkast om labbet", text="x")
    NewsItem.objects.create(
        partnership=shk, slug="senare", title="Kommer i morgon", text="x", published_on=today + timedelta(days=1)
    )
    html = public_get("/hubb/shk/nyheter/").content.decode()
    assert "Framtidens äldreboende har fått en flygande start" in html
    assert "Ett utkast om labbet" not in html
    assert "Kommer i morgon" not in html


def test_the_front_page_takes_the_same_queries_with_more_published(shk):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert public_get(FRONT).status_code == 200
        return len(queries)

    before = count()
    for initiative in Initiative.objects.filter(partnership=shk, publication__isnull=True)[:10]:
        PublishedInitiative.objects.create(
            partnership=shk, initiative=initiative, summary="Kort.", published_on=date(2025, 1, 1)
        )
    assert count() == before


@pytest.mark.parametrize(
    ("username", "status"),
    [("admin", 200), ("processledare", 200), ("ekonomi", 403), ("styrelse", 403), ("lasare", 403)],
)
def test_who_manages_the_hub(client_as, username, status):
    assert client_as(username).get("/shk/hubb/").status_code == status


def test_publishing_and_taking_off_an_initiative(client_as, shk):
    client = client_as("processledare")
    url = reverse("hub:publication_edit", args=["shk", "uvas"])
    assert client.post(url, {"summary": "Vem arbetar med unga som varken arbetar eller studerar?"}).status_code == 302
    assert "Vem arbetar med unga" in public_get("/hubb/shk/initiativ/uvas/").content.decode()
    publication = PublishedInitiative.objects.get(initiative__slug="uvas")
    assert publication.published_on == timezone.localdate()
    manage = client.get("/shk/hubb/").content.decode()
    # Taking it off asks first and says what happens.
    assert "UVAS: vem, vad, vart visas inte längre i den offentliga hubben." in manage
    assert client.post(reverse("hub:publication_delete", args=["shk", "uvas"])).status_code == 302
    assert public_get("/hubb/shk/initiativ/uvas/").status_code == 404
    assert Initiative.objects.filter(partnership=shk, slug="uvas").exists()
    actions = list(
        AuditEntry.objects.filter(partnership=shk, object_type="hub.publishedinitiative")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["publishedinitiative.create", "publishedinitiative.delete"]


def test_an_empty_summary_is_refused_in_swedish(client_as):
    response = client_as("processledare").post(reverse("hub:publication_edit", args=["shk", "uvas"]), {"summary": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not PublishedInitiative.objects.filter(initiative__slug="uvas").exists()


def test_the_office_finds_the_hub_on_the_start_page(client_as):
    assert "Hantera samhällshubben" in client_as("processledare").get("/shk/").content.decode()
    assert "Hantera samhällshubben" not in client_as("lasare").get("/shk/").content.decode()


def test_the_public_archive_lists_and_serves_only_public_documents(shk):
    public = Document.objects.filter(partnership=shk, access="public")
    others = Document.objects.filter(partnership=shk).exclude(access="public")
    assert public.count() == 3 and others.count() == 2
    html = public_get("/hubb/shk/arkiv/").content.decode()
    for document in public:
        assert document.title in html
        served = public_get(f"/hubb/shk/arkiv/{document.pk}/fil/")
        assert served.status_code == 200
        assert served.content == bytes(document.versions.order_by("-number").first().content)
        assert served["Cache-Control"] == "public, max-age=3600"
        assert not served.cookies
    for document in others:
        assert document.title not in html
        assert public_get(f"/hubb/shk/arkiv/{document.pk}/fil/").status_code == 404
    assert "Allmänna handlingar" in public_get(FRONT).content.decode()


def test_a_published_initiative_shows_its_public_documents_and_consented_stories(shk):
    initiative = Initiative.objects.get(partnership=shk, slug="studentcoacher")
    public, internal = (
        Document.objects.filter(partnership=shk, access="public").first(),
        Document.objects.filter(partnership=shk, access="internal").first(),
    )
    public.initiatives.add(initiative)
    internal.initiatives.add(initiative)
    for k, consent in enumerate([True, False]):
        ImpactStory.objects.create(
            partnership=shk,
            key=f"berattelse-{k}",
            person_name=f"Person {k}",
            text=f"Berättelse nummer {k} om studentcoacherna.",
            initiative=initiative,
            consent_to_publish=consent,
        )
    page = public_get("/hubb/shk/initiativ/studentcoacher/").content.decode()
    assert public.title in page and f"/hubb/shk/arkiv/{public.pk}/fil/" in page
    assert internal.title not in page
    assert "Berättelse nummer 0 om studentcoacherna." in page
    assert "Berättelse nummer 1" not in page and "Person 1" not in page


def test_the_archive_takes_the_same_queries_with_more_documents(shk):
    public_get("/hubb/shk/arkiv/")
    with CaptureQueriesContext(connection) as first:
        public_get("/hubb/shk/arkiv/")
    for document in Document.objects.filter(partnership=shk).exclude(access="public")[:5]:
        Document.objects.filter(pk=document.pk).update(access="public")
    with CaptureQueriesContext(connection) as second:
        public_get("/hubb/shk/arkiv/")
    assert len(second) == len(first)
