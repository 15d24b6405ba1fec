from django.urls import path

from ..views import learning as views

app_name = "learning"

urlpatterns = [
    # The learning log across initiatives.
    path("", views.index, name="index"),
    path("pdf/", views.log_pdf, name="log_pdf"),
    path("xlsx/", views.log_xlsx, name="log_xlsx"),
    path("natverk/", views.network, name="network"),
    path("natverk/pdf/", views.network_pdf, name="network_pdf"),
    path("natverk/xlsx/", views.network_xlsx, name="network_xlsx"),
    path("initiativ/<slug:slug>/relation/", views.relation_add, name="relation_add"),
    path("initiativ/<slug:slug>/relation/sok/", views.relation_picker, name="relation_picker"),
    path("initiativ/<slug:slug>/logg/", views.learning_add, name="learning_add"),
    path("initiativ/<slug:slug>/status/", views.status_add, name="status_add"),
    path("relation/<int:pk>/ta-bort/", views.relation_remove, name="relation_remove"),
]
