"""Pages reached by link without a login (answering an evaluation)."""

from django.urls import path

from ..views import public as views_public

app_name = "followup_public"

urlpatterns = [
    path("<str:code>/", views_public.answer, name="answer"),
    path("r/<str:token>/", views_public.answer_personal, name="answer_personal"),
    path("r/<str:token>/tack/", views_public.thanks, name="thanks"),
]
