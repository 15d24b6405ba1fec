from django.urls import path

from . import views

app_name = "search"

# Mounted under the archive's path (samsyn/urls.py): the archive's front page is its search.
urlpatterns = [
    path("", views.index, name="index"),
    path("samband/", views.connections, name="connections"),
    path("samband/<slug:slug>/", views.initiative_related, name="initiative_related"),
]
