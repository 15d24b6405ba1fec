from django.conf import settings


def samsyn(request):
    return {
        "partnership": getattr(request, "partnership", None),
        "actor": getattr(request, "actor", None),
        "production": settings.PRODUCTION,
    }
