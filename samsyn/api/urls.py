"""The API at /api/v1/ (its operations, the OpenAPI document and the documentation page), and the
page of one's tokens among the partnership's pages."""

from django.urls import path

from .http import urls as api_urls
from .views import pages

# Under /<partnership_slug>/.
urlpatterns = [
    path("api-nycklar/", pages.token_list, name="api_tokens"),
    path("api-nycklar/<int:pk>/aterkalla/", pages.token_revoke, name="api_token_revoke"),
]

# Under /api/v1/.
api_patterns = [
    path("docs", pages.documentation, name="api_docs"),
    path("", api_urls()),
]
