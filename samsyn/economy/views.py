from django.shortcuts import render

from samsyn.core.policy import require


def index(request, partnership_slug):
    require(request, "partnership.view")
    return render(request, "economy/index.html", {})


def appendix(request, partnership_slug):
    require(request, "economy.view")
    return render(request, "economy/index.html", {})
