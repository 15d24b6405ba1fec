"""The whole-portfolio matrix: page, exports, and placing, moving and removing items."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.core.lib.urls import reverse
from samsyn.core.policy import can, require
from samsyn.core.reports import report_response

from ..forms.matrix import MatrixFilterForm, MatrixItemForm, MatrixMoveForm
from ..models import MatrixItem, Portfolio
from ..reports.matrix import MATRIX, matrix_report_build
from ..selectors import matrix as selectors
from ..services import matrix as services


def _portfolio_or_404(partnership, slug):
    try:
        return selectors.matrix_portfolio_get(partnership, slug)
    except Portfolio.DoesNotExist:
        raise Http404 from None


def _item_or_404(portfolio, pk):
    try:
        return selectors.matrix_item_get(portfolio, pk)
    except MatrixItem.DoesNotExist:
        raise Http404 from None


def _filtered_report(partnership, portfolio, query: QueryDict):
    """The report for the filters in `query`; unknown filter values show as form errors."""
    form = MatrixFilterForm(query or None, focus_areas=selectors.matrix_focus_areas(partnership))
    report = matrix_report_build(partnership, portfolio, **form.report_kwargs())
    # Only the filter's own fields travel on, to the export links and after a move.
    kept = QueryDict(mutable=True)
    for name in form.fields:
        value = query.get(name)
        if value:
            kept[name] = value
    return form, report, kept.urlencode()


def _matrix_url(partnership, portfolio, query="", cell=""):
    url = reverse("matrix:matrix", args=[partnership.slug, portfolio.slug])
    return url + (f"?{query}" if query else "") + (f"#{cell}" if cell else "")


def index(request, partnership_slug):
    require(request, "portfolio.view")
    portfolio = selectors.matrix_portfolio_default(request.partnership)
    if portfolio is None:
        return render(
            request, "portfolio/matrix/none.html", {"portfolios": selectors.matrix_portfolio_list(request.partnership)}
        )
    return redirect(_matrix_url(request.partnership, portfolio, request.GET.urlencode()))


def _page_context(request, portfolio, form, report, query, **extra):
    return {
        "portfolio": portfolio,
        "form": form,
        "report": report,
        "query": query,
        "may_add": can(request, "matrix.change"),
        **extra,
    }


def matrix(request, partnership_slug, portfolio_slug):
    if request.GET.get("format") in ("pdf", "xlsx", "json"):
        return _download(request, portfolio_slug, request.GET["format"])
    require(request, "portfolio.view")
    partnership = request.partnership
    portfolio = _portfolio_or_404(partnership, portfolio_slug)
    form, report, query = _filtered_report(partnership, portfolio, request.GET)
    ctx = _page_context(request, portfolio, form, report, query)
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        # htmx asks only for the matrix when a filter changes (a history restore wants the whole page).
        return render(request, "portfolio/matrix/_results.html", ctx)
    ctx["portfolios"] = selectors.matrix_portfolio_list(partnership)
    return render(request, "portfolio/matrix/matrix.html", ctx)


def _download(request, portfolio_slug, fmt):
    require(request, "portfolio.view")
    portfolio = _portfolio_or_404(request.partnership, portfolio_slug)
    form, report, query = _filtered_report(request.partnership, portfolio, request.GET)
    ctx = _page_context(request, portfolio, form, report, query)
    return report_response(MATRIX, report, fmt, request=request, extra=ctx)


def export_pdf(request, partnership_slug, portfolio_slug):
    return _download(request, portfolio_slug, "pdf")


def export_xlsx(request, partnership_slug, portfolio_slug):
    return _download(request, portfolio_slug, "xlsx")


def item_detail(request, partnership_slug, portfolio_slug, pk):
    require(request, "portfolio.view")
    portfolio = _portfolio_or_404(request.partnership, portfolio_slug)
    item = _item_or_404(portfolio, pk)
    ctx = {
        "portfolio": portfolio,
        "item": item,
        "move_form": MatrixMoveForm(initial={"layer": item.layer, "ring": item.ring, "stage": item.stage}),
    }
    return render(request, "portfolio/matrix/item_detail.html", ctx)


def item_edit(request, partnership_slug, portfolio_slug, pk=None):
    partnership = request.partnership
    portfolio = _portfolio_or_404(partnership, portfolio_slug)
    if pk is None:
        item = MatrixItem(partnership=partnership, portfolio=portfolio, focus_area=portfolio.focus_area)
        may_edit = can(request, "matrix.change")
    else:
        item = _item_or_404(portfolio, pk)
        require(request, "portfolio.view", item)
        # Asked before the form puts the posted values on the item.
        may_edit = can(request, "matrix.change", item)
    form = MatrixItemForm(
        request.POST or None,
        instance=item,
        partnership=partnership,
        actor=request.actor,
        focus_areas=selectors.matrix_focus_areas(partnership),
        initiatives=selectors.matrix_initiative_choices(partnership),
    )
    if request.method == "POST" and form.is_valid():
        # The service checks the policy for the item as it was and as it will be.
        try:
            if pk is None:
                item = services.matrix_item_create(
                    actor=request.actor, user=request.user, portfolio=portfolio, **form.cleaned_data
                )
            else:
                item = services.matrix_item_change(
                    actor=request.actor, user=request.user, item=item, **form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(title)s was placed in the matrix.") % {"title": item.title}
                if pk is None
                else _("The item was saved."),
            )
            return redirect(_matrix_url(partnership, portfolio, cell=f"cell-{item.layer}-{item.ring}"))
    # The form is shown only to those who may use it.
    if not may_edit:
        raise PermissionDenied("matrix.change")
    return render(
        request, "portfolio/matrix/item_form.html", {"portfolio": portfolio, "form": form, "item": item if pk else None}
    )


def _after_change(request, portfolio, status, moved_pk=None, cell=""):
    """htmx gets the matrix to swap in place and a status line; a plain form post gets a redirect."""
    query = QueryDict(request.POST.get("filter", ""))
    if request.headers.get("HX-Request"):
        form, report, kept = _filtered_report(request.partnership, portfolio, query)
        ctx = _page_context(request, portfolio, form, report, kept, status=status, moved_pk=moved_pk)
        return render(request, "portfolio/matrix/_results.html", ctx)
    messages.success(request, status)
    kept = _filtered_report(request.partnership, portfolio, query)[2] if query else ""
    return redirect(_matrix_url(request.partnership, portfolio, kept, cell))


@require_POST
def item_move(request, partnership_slug, portfolio_slug, pk):
    portfolio = _portfolio_or_404(request.partnership, portfolio_slug)
    item = _item_or_404(portfolio, pk)
    require(request, "portfolio.view", item)
    form = MatrixMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a layer and a ring of actors from the lists."))
    item = services.matrix_item_move(
        actor=request.actor,
        user=request.user,
        item=item,
        layer=form.cleaned_data["layer"],
        ring=form.cleaned_data["ring"],
        stage=form.cleaned_data["stage"],
    )
    status = _("%(title)s is now in %(layer)s, %(ring)s.") % {
        "title": item.title,
        "layer": item.get_layer_display(),
        "ring": item.get_ring_display(),
    }
    return _after_change(request, portfolio, status, moved_pk=item.pk, cell=f"cell-{item.layer}-{item.ring}")


@require_POST
def item_remove(request, partnership_slug, portfolio_slug, pk):
    portfolio = _portfolio_or_404(request.partnership, portfolio_slug)
    item = _item_or_404(portfolio, pk)
    require(request, "portfolio.view", item)
    cell = f"cell-{item.layer}-{item.ring}"
    services.matrix_item_remove(actor=request.actor, user=request.user, item=item)
    return _after_change(
        request, portfolio, _("%(title)s was removed from the matrix.") % {"title": item.title}, cell=cell
    )
