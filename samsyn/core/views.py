from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import fragments, registry, selectors, services
from .forms import AuditFilterForm
from .models import Person
from .policy import can, require
from .roles import Role
from .signin_views import signin_services_for_login


@login_required
def start(request):
    """The root: go straight to the partnership when there is just one."""
    partnerships = list(selectors.partnerships_for_user(request.user))
    if len(partnerships) == 1:
        return redirect("home", partnership_slug=partnerships[0].slug)
    return render(request, "core/choose_partnership.html", {"partnerships": partnerships})


def home(request, partnership_slug):
    """A start page per role: each panel answers what that role needs first."""
    require(request, "partnership.view")
    actor, partnership = request.actor, request.partnership
    # The apps' panels (the portfolio's overview and the person's own initiatives) come from the registry.
    ctx = registry.start_panels(actor, partnership)
    # What waits for this person, each app's panels for the roles that see them.
    today = timezone.localdate()
    panels = registry.todo_panels(
        actor,
        partnership,
        today,
        anything_waiting=lambda checks: selectors.todo_waiting(checks, partnership.pk, actor.person_id, today),
    )
    ctx["todo"] = fragments.todo_panels_html(panels)
    if actor.has_role(Role.ADMINISTRATOR, Role.PROCESS_LEADER, Role.ECONOMY_CONTROLLER):
        ctx["recent_changes"] = fragments.audit_lines_html(selectors.audit_recent(partnership))
    if actor.has_role(
        Role.BOARD_CHAIR,
        Role.BOARD_MEMBER,
        Role.SUBSTITUTE,
        Role.ECONOMY_CONTROLLER,
        Role.ADMINISTRATOR,
        Role.PROCESS_LEADER,
    ):
        summary = selectors.agreement_summary(partnership)
        if summary.agreement is not None or summary.parties:
            ctx["agreement"] = fragments.agreement_summary_html(summary)
    ctx["role_names"] = sorted({Role(r).label for r in actor.roles}, key=str)
    return render(request, "core/home.html", ctx)


def audit_history(request, partnership_slug):
    """The audit history as sentences, filtered by person, kind of record, name and date."""
    require(request, "audit.view")
    p = request.partnership
    form = AuditFilterForm(request.GET or None, people=selectors.audit_people(p), kinds=selectors.audit_kinds(p))
    filters = selectors.AuditFilters(**form.filters()) if form.is_bound else selectors.AuditFilters()
    page, lines = selectors.audit_history(p, filters, request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "core/audit_history.html",
        {"form": form, "page": page, "lines": lines, "count": page.paginator.count, "query": query.urlencode()},
    )


def person_list(request, partnership_slug):
    require(request, "person.view")
    return render(
        request,
        "core/person_list.html",
        {"people": selectors.person_list(request.partnership), "can_invite": can(request, "person.manage")},
    )


@require_POST
def person_invite(request, partnership_slug, pk):
    person = get_object_or_404(Person, partnership=request.partnership, pk=pk)
    try:
        services.person_invite(actor=request.actor, user=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("An invitation was sent to %(name)s at %(email)s.") % {"name": person.name, "email": person.email},
        )
    return redirect("person_list", partnership_slug=partnership_slug)


def login_locked_out(request, response=None, credentials=None):
    """axes' answer to a login while its name and address are locked out (AXES_LOCKOUT_CALLABLE):
    the login page again, saying why and for how long, as 429 Too Many Requests."""
    context = {
        "form": AuthenticationForm(request),
        "next": request.POST.get(REDIRECT_FIELD_NAME, ""),
        "locked_out_minutes": settings.SAMSYN_LOGIN_LOCKOUT_MINUTES,
        "signin_services": signin_services_for_login(request),
    }
    return render(request, "registration/login.html", context, status=429)
