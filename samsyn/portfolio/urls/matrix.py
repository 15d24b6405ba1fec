from django.urls import path

from ..views import matrix as views

app_name = "matrix"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:portfolio_slug>/", views.matrix, name="matrix"),
    path("<slug:portfolio_slug>/pdf/", views.export_pdf, name="export_pdf"),
    path("<slug:portfolio_slug>/xlsx/", views.export_xlsx, name="export_xlsx"),
    path("<slug:portfolio_slug>/ny-post/", views.item_edit, name="item_add"),
    path("<slug:portfolio_slug>/post/<int:pk>/", views.item_detail, name="item_detail"),
    path("<slug:portfolio_slug>/post/<int:pk>/andra/", views.item_edit, name="item_edit"),
    path("<slug:portfolio_slug>/post/<int:pk>/flytta/", views.item_move, name="item_move"),
    path("<slug:portfolio_slug>/post/<int:pk>/ta-bort/", views.item_remove, name="item_remove"),
]
