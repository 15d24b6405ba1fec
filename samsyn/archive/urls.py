from django.urls import path

from . import views

app_name = "archive"

# The front page of the archive (its search) and the related pages are the search app's, under the
# same path (samsyn/urls.py).

urlpatterns = [
    path("handlingar/ny/", views.document_create, name="document_create"),
    path("handlingar/<int:pk>/", views.document_detail, name="document_detail"),
    path("handlingar/<int:pk>/andra/", views.document_edit, name="document_edit"),
    path("handlingar/<int:pk>/ny-version/", views.version_create, name="version_create"),
    path("handlingar/<int:pk>/version/<int:number>/", views.version_download, name="version_download"),
]
