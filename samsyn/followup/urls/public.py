"""Pages reached by link without a login (answering an evaluation)."""

from django.urls import path

from ..views import public as views_public

app_name = "followup_public"

urlpatterns = [
    path("<str:code>/", views_public.answer, name="answer"),
    path("<str:code>/tack/", views_public.thanks, name="thanks"),
]
