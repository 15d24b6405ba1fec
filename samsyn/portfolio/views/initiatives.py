from html import escape

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samsyn.core import registry
from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can, require

from ..forms.initiatives import InitiativeFilterForm, InitiativeForm
from ..models import Initiative, Phase
from ..selectors import initiatives as selectors
from ..services import initiatives as services
from . import learning as views_learning

PAGE_SIZE = 50
# A slug no initiative has, put into the detail address once and replaced by each row's own.
SLUG_MARKER = "initiative-slug-marker"


def initiative_rows(partnership_slug: str, initiatives) -> SafeString:
    """The table rows of one page of the list, as HTML.

    Written here rather than by a template loop: the list is the most visited page, and 50 rows
    of a dozen template variables each were most of its time. Every value goes through escape().
    """
    initiatives = list(initiatives)
    focus_areas, parties = selectors.initiative_list_names([i.pk for i in initiatives])
    pattern = reverse("portfolio:initiative_detail", args=[partnership_slug, SLUG_MARKER])
    # get_phase_display() builds the choices' dictionary anew on every call.
    phase_labels = {value: escape(str(label)) for value, label in Phase.choices}
    phase_label, focus_area_label, parties_label, testbed_label, owner_label = (
        escape(label) for label in (_("Phase"), _("Focus area"), _("Parties"), _("Testbed"), _("Owner"))
    )
    rows = []
    for i in initiatives:
        rows.append(
            f'<tr><th scope="row"><a href="{escape(pattern.replace(SLUG_MARKER, i.slug))}">{escape(i.name)}</a></th>'
            f'<td data-label="{phase_label}"><span class="phase phase-{escape(i.phase)}">'
            f"{phase_labels.get(i.phase) or escape(i.phase)}</span></td>"
            f'<td data-label="{focus_area_label}">{escape(", ".join(focus_areas.get(i.pk, ())))}</td>'
            f'<td data-label="{parties_label}">{escape(", ".join(parties.get(i.pk, ())))}</td>'
            f'<td data-label="{testbed_label}">{escape(i.testbed.name) if i.testbed else ""}</td>'
            f'<td data-label="{owner_label}">{escape(i.owner.name) if i.owner else ""}</td></tr>\n'
        )
    # Every value above went through escape().
    return mark_safe("".join(rows))


def initiative_list(request, partnership_slug):
    require(request, "initiative.view")
    partnership = request.partnership
    choices = selectors.filter_choices(partnership)
    form = InitiativeFilterForm(request.GET or None, choices=choices)
    page = selectors.initiative_page(partnership, form.selectors_kwargs(), request.GET.get("sida"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("sida", None)
    ctx = {
        "form": form,
        "page": page,
        "rows": initiative_rows(partnership.slug, page.object_list),
        "query": query.urlencode(),
    }
    # htmx asks only for the results when a filter changes.
    template = (
        "portfolio/_initiative_results.html" if request.headers.get("HX-Request") else "portfolio/initiative_list.html"
    )
    return render(request, template, ctx)


def _initiative_or_404(partnership, slug):
    try:
        return selectors.initiative_get(partnership, slug)
    except Initiative.DoesNotExist:
        raise Http404 from None


def initiative_detail(request, partnership_slug, slug):
    try:
        initiative = selectors.initiative_get_for_page(request.partnership, slug)
    except Initiative.DoesNotExist:
        raise Http404 from None
    require(request, "initiative.view", initiative)
    # The sections come from every app that has something about the initiative (its 360° view),
    # each registered from its AppConfig.ready(); forms are fetched on demand, not rendered here.
    ctx = {
        "initiative": initiative,
        "labels": selectors.initiative_labels(initiative),
        "may_change": can(request, "initiative.change", initiative),
        "sections": registry.sections("initiative", request, initiative),
    }
    return render(request, "portfolio/initiative_detail.html", ctx)


def initiative_edit(request, partnership_slug, slug=None):
    partnership = request.partnership
    if slug is None:
        action, instance = "initiative.create", Initiative(partnership=partnership)
        may_edit = can(request, action)
    else:
        instance = _initiative_or_404(partnership, slug)
        require(request, "initiative.view", instance)
        action = "initiative.change"
        # Asked before the form puts the posted values on the instance.
        may_edit = can(request, action, instance)
    form = InitiativeForm(request.POST or None, instance=instance, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        # The service checks the policy for the initiative as it was and as it will be.
        try:
            if slug is None:
                initiative = services.initiative_create(
                    actor=request.actor, user=request.user, partnership=partnership, **form.cleaned_data
                )
            else:
                initiative = services.initiative_change(
                    actor=request.actor, user=request.user, initiative=instance, **form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The initiative was saved."))
            return redirect("portfolio:initiative_detail", partnership.slug, initiative.slug)
    # The form is shown only to those who may use it.
    if not may_edit:
        raise PermissionDenied(action)
    return render(request, "portfolio/initiative_form.html", {"form": form, "initiative": instance if slug else None})


def focus_area_list(request, partnership_slug):
    require(request, "initiative.view")
    return render(
        request, "portfolio/focus_area_list.html", {"focus_areas": selectors.focus_area_list(request.partnership)}
    )


def focus_area_detail(request, partnership_slug, slug):
    require(request, "initiative.view")
    try:
        area = selectors.focus_area_get(request.partnership, slug)
    except selectors.FocusArea.DoesNotExist:
        raise Http404 from None
    initiatives = list(selectors.initiative_list(request.partnership, focus_area=area))
    ctx = {"area": area, "by_phase": selectors.initiatives_by_phase(initiatives)}
    ctx.update(views_learning.focus_area_sections(initiatives))
    return render(request, "portfolio/focus_area_detail.html", ctx)
