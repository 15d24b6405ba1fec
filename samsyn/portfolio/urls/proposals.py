from django.urls import path

from ..views import proposals as views

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
    path("nytt/", views.proposal_edit, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/andra/", views.proposal_edit, name="edit"),
    path("<int:pk>/finansiering/", views.funding_edit, name="funding"),
    path("<int:pk>/pdf/", views.export_pdf, name="pdf"),
    path("<int:pk>/xlsx/", views.export_xlsx, name="xlsx"),
    path("<int:pk>/poster/ny/", views.item_edit, name="item_create"),
    path("<int:pk>/poster/<int:item_pk>/andra/", views.item_edit, name="item_edit"),
    path("<int:pk>/poster/<int:item_pk>/beslut/", views.item_decide, name="item_decide"),
    path("<int:pk>/poster/<int:item_pk>/flytta/", views.item_move, name="item_move"),
]
