from django.urls import path

from ..views import levels as views

app_name = "levels"

urlpatterns = [
    path("", views.portfolio_index, name="index"),
    # Before the portfolio pattern: "initiativ" is not a portfolio's slug.
    path("initiativ/<slug:slug>/historik/", views.initiative_history, name="initiative_history"),
    path("<slug:slug>/", views.portfolio_detail, name="detail"),
]
