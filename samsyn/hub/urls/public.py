"""The public hub, outside the partnership pages: no login."""

from django.urls import path

from ..views import public

app_name = "hub_public"

urlpatterns = [
    path("", public.hubs, name="hubs"),
    path("<slug:hub_slug>/", public.front, name="front"),
    path("<slug:hub_slug>/nyheter/", public.news, name="news"),
    path("<slug:hub_slug>/initiativ/<slug:slug>/", public.initiative, name="initiative"),
]
