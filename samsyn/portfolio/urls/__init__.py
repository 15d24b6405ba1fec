"""The portfolio's pages: one module per part, each with its own URL namespace."""

from django.urls import include, path

urlpatterns = [
    path("", include("samsyn.portfolio.urls.initiatives")),
    path("portfolj/", include("samsyn.portfolio.urls.levels")),
    path("helhetsportfolj/", include("samsyn.portfolio.urls.matrix")),
    path("beslutsunderlag/", include("samsyn.portfolio.urls.proposals")),
    path("larande/", include("samsyn.portfolio.urls.learning")),
]
