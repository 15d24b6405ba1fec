from django.urls import path

from .. import views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("nyckeltal/", views.kpi_list, name="kpi_list"),
    path("nyckeltal/ny/", views.kpi_edit, name="kpi_create"),
    path("nyckeltal/import/", views.measurement_import, name="measurement_import"),
    path("nyckeltal/mal/<year:year>/", views.kpi_targets_edit, name="kpi_targets_edit"),
    path("nyckeltal/<slug:key>/", views.kpi_detail, name="kpi_detail"),
    path("nyckeltal/<slug:key>/andra/", views.kpi_edit, name="kpi_edit"),
    path("nyckeltal/<slug:key>/flytta/", views.kpi_move, name="kpi_move"),
    path("utvarderingar/", views.evaluation_list, name="evaluation_list"),
    path("utvarderingar/ny/", views.evaluation_edit, name="evaluation_create"),
    path("utvarderingar/jamfor/", views.evaluation_compare, name="evaluation_compare"),
    path("utvarderingar/<slug:key>/", views.evaluation_detail, name="evaluation_detail"),
    path("utvarderingar/<slug:key>/andra/", views.evaluation_edit, name="evaluation_edit"),
    path("utvarderingar/<slug:key>/live/", views.evaluation_live, name="evaluation_live"),
    path("utvarderingar/<slug:key>/live/fordelning/", views.evaluation_live_counts, name="evaluation_live_counts"),
    path("utvarderingar/<slug:key>/resultat/", views.evaluation_results, name="evaluation_results"),
    path("berattelser/", views.story_list, name="story_list"),
    path("berattelser/ny/", views.story_edit, name="story_create"),
    path("berattelser/<slug:key>/", views.story_detail, name="story_detail"),
    path("berattelser/<slug:key>/andra/", views.story_edit, name="story_edit"),
    path("evenemang/", views.event_list, name="event_list"),
    path("evenemang/nytt/", views.event_edit, name="event_create"),
    path("evenemang/<slug:key>/andra/", views.event_edit, name="event_edit"),
    path("plan/", views.plan, name="plan"),
    path("plan/ny/", views.plan_item_edit, name="plan_item_create"),
    path("plan/<slug:key>/andra/", views.plan_item_edit, name="plan_item_edit"),
    path("plan/<slug:key>/flytta/", views.plan_item_move, name="plan_item_move"),
    path("verksamhetsberattelse/<year:year>/", views.annual_report, name="annual_report"),
    path("verksamhetsberattelse/<year:year>/pdf/", views.annual_report_pdf, name="annual_report_pdf"),
    path("verksamhetsberattelse/<year:year>/docx/", views.annual_report_docx, name="annual_report_docx"),
]
