"""The public hub, outside the partnership pages: no login."""

from django.urls import path

from ..views import public

app_name = "hub_public"

urlpatterns = [
    path("", public.hubs, name="hubs"),
    # An e-mail's links: confirm or cancel a registration (their secret is the permission).
    path("anmalan/<str:token>/bekrafta/", public.registration_confirm, name="registration_confirm"),
    path("anmalan/<str:token>/avboka/", public.registration_cancel, name="registration_cancel"),
    path("intresse/<str:token>/bekrafta/", public.interest_confirm, name="interest_confirm"),
    path("nyhetsbrev/<str:token>/bekrafta/", public.newsletter_confirm, name="newsletter_confirm"),
    path("nyhetsbrev/<str:token>/avsluta/", public.newsletter_leave, name="newsletter_leave"),
    path("<slug:hub_slug>/", public.front, name="front"),
    path("<slug:hub_slug>/nyhetsbrev/", public.newsletter, name="newsletter"),
    path("<slug:hub_slug>/fragor/<slug:slug>/", public.question, name="question"),
    path("<slug:hub_slug>/nyheter/", public.news, name="news"),
    path("<slug:hub_slug>/arkiv/", public.archive, name="archive"),
    path("<slug:hub_slug>/arkiv/<int:pk>/fil/", public.document_file, name="document_file"),
    path("<slug:hub_slug>/utmaningar/", public.challenges, name="challenges"),
    path("<slug:hub_slug>/utmaningar/<slug:slug>/", public.challenge, name="challenge"),
    path("<slug:hub_slug>/evenemang/", public.events, name="events"),
    path("<slug:hub_slug>/evenemang.ics", public.events_ical, name="events_ical"),
    path("<slug:hub_slug>/evenemang/<slug:key>/", public.event, name="event"),
    path("<slug:hub_slug>/initiativ/<slug:slug>/", public.initiative, name="initiative"),
]
