from django.urls import path

from ..views import initiatives as views

app_name = "portfolio"

urlpatterns = [
    path("initiativ/", views.initiative_list, name="initiative_list"),
    path("initiativ/nytt/", views.initiative_edit, name="initiative_create"),
    path("initiativ/<slug:slug>/", views.initiative_detail, name="initiative_detail"),
    path("initiativ/<slug:slug>/andra/", views.initiative_edit, name="initiative_edit"),
    path("fokusomraden/", views.focus_area_list, name="focus_area_list"),
    path("fokusomraden/<slug:slug>/", views.focus_area_detail, name="focus_area_detail"),
]
