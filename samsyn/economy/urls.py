from django.urls import path

from . import views

app_name = "economy"

urlpatterns = [
    path("", views.index, name="index"),
    path("bilaga/", views.appendix, name="appendix"),
]
