"""The portfolio at its three levels, as of any date, with its balance and exports; phase history."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.policy import can, require
from samsyn.core.reports import report_response

from ..forms.initiatives import InitiativeFilterForm
from ..models import Initiative, Phase, Portfolio
from ..reports import levels as reports_levels
from ..selectors import levels as selectors_levels
from ..services import initiatives as services


def _as_of_field():
    return forms.DateField(
        label=gettext_lazy("Portfolio as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("A past date shows each initiative in the phase it had then. Empty: today."),
        error_messages={"invalid": gettext_lazy("Give the date as YYYY-MM-DD, e.g. 2023-12-11.")},
    )


class AsOfForm(forms.Form):
    per = _as_of_field()

    def as_of(self):
        return self.cleaned_data.get("per") if self.is_valid() else None


class PortfolioFilterForm(InitiativeFilterForm):
    """The as-of date and the initiative filters. A bad value is a form error; the other
    filters still apply, and a bad date shows today's portfolio."""

    per = _as_of_field()
    field_order = ["per", "phase", "party", "perspective", "testbed", "focus_area", "q"]

    def __init__(self, data, *, choices, focus_area_filter=True):
        super().__init__(data, choices=choices)
        if not focus_area_filter:
            # A focus area's or testbed's portfolio already is one focus area.
            del self.fields["focus_area"]
            self._by_key.pop("focus_area")
        self.order_fields(self.field_order)

    def options(self):
        """(as_of, phase, selector kwargs, [(label, shown value)]) from the fields that are valid."""
        self.is_valid()
        data = self.cleaned_data
        kwargs, described = {}, []
        for name in self.fields:
            value = data.get(name)
            if not value or name == "per":
                continue
            field = self.fields[name]
            if name in self._by_key:
                obj = self._by_key[name].get(value)
                kwargs[name] = obj
                described.append((str(field.label), str(obj)))
            elif name == "phase":
                described.append((str(field.label), str(Phase(value).label)))
            elif name == "q":
                kwargs["q"] = value.strip()
                described.append((str(field.label), value.strip()))
        return data.get("per"), data.get("phase") or None, kwargs, described


class PhaseChangeForm(forms.Form):
    phase = forms.ChoiceField(label=gettext_lazy("New phase"), choices=Phase.choices)
    date = forms.DateField(
        label=gettext_lazy("Date of the change"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Give the date as YYYY-MM-DD, e.g. 2023-12-11.")},
    )
    decision = forms.CharField(
        label=gettext_lazy("Decision it rests on"),
        max_length=300,
        help_text=gettext_lazy("Who decided, when and where, e.g. the Core Team's decision proposal of 2023-12-11."),
        error_messages={"required": gettext_lazy("Name the decision the change rests on.")},
    )
    source = forms.CharField(
        label=gettext_lazy("Source document"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Optional: the minutes or document where the decision is written down."),
    )


def _wants(request):
    fmt = request.GET.get("format", "")
    return fmt if fmt in ("xlsx", "pdf", "json") else ""


def portfolio_index(request, partnership_slug):
    require(request, "portfolio.view")
    partnership = request.partnership
    form = AsOfForm(request.GET)
    as_of = form.as_of()
    report = reports_levels.portfolio_index_build(
        selectors_levels.portfolio_list(partnership),
        selectors_levels.portfolio_index_initiatives(partnership),
        today=timezone.localdate(),
        as_of=as_of,
    )
    ctx = {"form": form, "report": report}
    fmt = _wants(request) if not form.errors else ""
    stem = f"{partnership.slug}-portfoljer" + (f"-{as_of.isoformat()}" if as_of else "")
    if fmt:
        return report_response(reports_levels.PORTFOLIOS, report, fmt, request=request, extra=ctx, filename=stem)
    return render(request, "portfolio/levels/index.html", ctx)


def portfolio_detail(request, partnership_slug, slug):
    partnership = request.partnership
    try:
        portfolio = selectors_levels.portfolio_get(partnership, slug)
    except Portfolio.DoesNotExist:
        raise Http404 from None
    require(request, "portfolio.view", portfolio)
    dims = selectors_levels.portfolio_dimensions(partnership)
    form = PortfolioFilterForm(request.GET, choices=dims, focus_area_filter=portfolio.level == Portfolio.Level.MACRO)
    as_of, phase, kwargs, described = form.options()
    today = timezone.localdate()
    initiatives = selectors_levels.portfolio_initiatives(partnership, portfolio, status_on=as_of or today, **kwargs)
    report = reports_levels.portfolio_report_build(
        portfolio,
        initiatives,
        dims,
        today=today,
        as_of=as_of,
        phase=phase,
        filters=described,
    )
    ctx = {"form": form, "report": report, "portfolio": portfolio}
    # A file of a view with a wrong date or filter would not say what it holds: show the page and its errors.
    fmt = _wants(request) if not form.errors else ""
    stem = f"{partnership.slug}-{portfolio.slug}" + (f"-{as_of.isoformat()}" if as_of else "")
    if fmt:
        return report_response(reports_levels.PORTFOLIO, report, fmt, request=request, extra=ctx, filename=stem)
    return render(request, "portfolio/levels/detail.html", ctx)


def initiative_history(request, partnership_slug, slug):
    partnership = request.partnership
    try:
        initiative = selectors_levels.initiative_history(partnership, slug)
    except Initiative.DoesNotExist:
        raise Http404 from None
    require(request, "initiative.view", initiative)
    if request.method == "POST":
        form = PhaseChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.initiative_move_phase(
                    actor=request.actor,
                    user=request.user,
                    initiative=initiative,
                    phase=data["phase"],
                    on=data["date"],
                    decision=data["decision"].strip(),
                    source=data["source"].strip(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The phase change was recorded."))
                if request.POST.get("back") == "initiative":
                    return redirect(initiative.get_absolute_url() + "#phase")
                return redirect("levels:initiative_history", partnership.slug, initiative.slug)
        # The page shows the form, with its errors, only to those who may use it.
        if not can(request, "initiative.move_phase", initiative):
            raise PermissionDenied("initiative.move_phase")
    else:
        form = PhaseChangeForm(initial={"phase": initiative.phase, "date": timezone.localdate()})
    ctx = {"initiative": initiative, "form": form, "current_phase": initiative.get_phase_display()}
    if request.headers.get("HX-Request") == "true":
        # The initiative page asks for the form alone, to open it in its phase section.
        if not can(request, "initiative.move_phase", initiative):
            raise PermissionDenied("initiative.move_phase")
        response = render(request, "portfolio/levels/_phase_form.html", {**ctx, "fragment": True})
    else:
        response = render(request, "portfolio/levels/history.html", {**ctx, "changes": initiative.phase_changes.all()})
    patch_vary_headers(response, ["HX-Request"])
    return response
