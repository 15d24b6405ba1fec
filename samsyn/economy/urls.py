from django.urls import path

from . import views

app_name = "economy"

urlpatterns = [
    path("", views.index, name="index"),
    path("bilaga/", views.appendix, name="appendix"),
    path("uppfoljning/", views.followup, name="followup"),
    path("utfall/import/", views.outcome_import, name="outcome_import"),
    path("ansokningar/", views.applications, name="applications"),
    path("ansokningar/<int:pk>/status/", views.application_status, name="application_status"),
    path("pilotmedel/", views.pilot_grants, name="pilot_grants"),
    path("pilotmedel/nytt/", views.pilot_grant_create, name="pilot_grant_create"),
    path("historik/", views.history, name="history"),
    path("budget/", views.budget, name="budget"),
    path("budget/beslut/", views.budget_revise, name="budget_revise"),
    path("budget/prognos/", views.forecast_record, name="forecast_record"),
]
