"""Calendar feeds reached by a person's secret link (calendar apps cannot log in)."""

from django.http import Http404, HttpResponse
from django.urls import path, reverse

app_name = "governance_public"


def feed(request, token):
    from .. import ical
    from ..models import CalendarToken

    row = CalendarToken.objects.select_related("person__partnership").filter(token=token).first()
    if row is None:
        raise Http404
    person = row.person
    slug = person.partnership.slug
    body = ical.calendar(
        ical.meetings_for(person),
        host=request.get_host().split(":")[0] or "samsyn",
        name=f"{person.partnership.name}: {person.name}",
        url_for=lambda m: request.build_absolute_uri(reverse("governance:meeting", args=[slug, m.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samsyn.ics"'
    return response


urlpatterns = [path("<str:token>.ics", feed, name="feed")]
