from django.urls import path

from .. import views

app_name = "hub"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("initiativ/<slug:slug>/", views.publication_edit, name="publication_edit"),
    path("initiativ/<slug:slug>/ta-bort/", views.publication_delete, name="publication_delete"),
    path("nyheter/ny/", views.news_edit, name="news_new"),
    path("nyheter/<int:pk>/", views.news_edit, name="news_edit"),
    path("utmaningar/", views.challenges, name="challenges"),
    path("utmaningar/ny/", views.challenge_edit, name="challenge_new"),
    path("utmaningar/<slug:slug>/", views.challenge_edit, name="challenge_edit"),
    path("utmaningar/<slug:slug>/intressen/", views.interests, name="interests"),
    path("fragor/", views.questions, name="questions"),
    path("fragor/ny/", views.question_edit, name="question_new"),
    path("fragor/<slug:slug>/", views.question_edit, name="question_edit"),
    path("fragor/<slug:slug>/svar/", views.answers, name="answers"),
    path("nyhetsbrev/", views.newsletter, name="newsletter"),
    path("evenemang/<slug:key>/", views.event_edit, name="event_edit"),
    path("evenemang/<slug:key>/narvaro/", views.attendance, name="attendance"),
]
