"""The administrator's pages: the partnership's registers listed, added to, changed and removed
(samsyn.core.administration), the partnership's own name and texts, and people's logins."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samsyn.core.lib.urls import reverse

from . import administration, selectors, services
from .administration import ACTION, Register
from .forms import PartnershipForm, register_form_class
from .lib.numbers import format_kronor
from .models import Person
from .policy import require


def _register(path: str) -> Register:
    register = administration.register_for(path)
    if register is None:
        raise Http404
    return register


def _entry(request, register: Register, pk: int):
    return get_object_or_404(register.model._default_manager, partnership=request.partnership, pk=pk)


def _cell(value) -> str:
    """A value as a cell of a register's list says it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def index(request, partnership_slug):
    require(request, ACTION)
    registers = administration.registers()
    counts = selectors.register_counts(registers, request.partnership)
    groups = [(label, [(r, counts[r.path]) for r in items]) for label, items in administration.grouped(registers)]
    return render(request, "core/administration/index.html", {"groups": groups})


def register_list(request, partnership_slug, path):
    register = _register(path)
    require(request, ACTION)
    # "amount (öre)": the list says amounts in kronor, so the unit goes from the heading.
    headers = [
        capfirst(
            str(column.label or getattr(register.model._meta.get_field(column.name), "verbose_name", "")).split(" (")[0]
        )
        for column in register.columns
    ]
    rows = []
    for entry in selectors.register_records(register, request.partnership):
        cells = []
        for column in register.columns:
            if column.value is not None:
                value = column.value(entry)
            elif hasattr(entry, f"get_{column.name}_display"):
                value = getattr(entry, f"get_{column.name}_display")()
            elif column.name.endswith("_ore"):
                amount = getattr(entry, column.name)
                value = format_kronor(amount, unit=True) if amount is not None else ""
            elif register.model._meta.get_field(column.name).many_to_many:
                # Read with the list (the register's `prefetch`).
                value = [str(related) for related in getattr(entry, column.name).all()]
            else:
                value = getattr(entry, column.name)
            cells.append(_cell(value))
        rows.append((entry, cells[0] or str(entry), list(zip(headers[1:], cells[1:], strict=True))))
    return render(request, "core/administration/list.html", {"register": register, "rows": rows, "headers": headers})


def register_edit(request, partnership_slug, path, pk=None):
    register = _register(path)
    require(request, ACTION)
    p = request.partnership
    entry = _entry(request, register, pk) if pk is not None else None
    list_url = reverse("administration_list", args=[p.slug, register.path])
    # A new entry may start from what the page that links here knows (?document=SHK 2024/1).
    initial = {name: request.GET[name] for name in register.fields if name in request.GET} if entry is None else {}
    form = register_form_class(register)(request.POST or None, instance=entry, initial=initial, partnership=p)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in register.fields if name in form.cleaned_data}
        try:
            if entry is None:
                saved = services.register_entry_create(
                    actor=request.actor, user=request.user, partnership=p, register=register, values=values
                )
                messages.success(request, _("%(name)s was added.") % {"name": saved})
            else:
                saved = services.register_entry_change(
                    actor=request.actor, user=request.user, register=register, obj=entry, values=values
                )
                messages.success(request, _("%(name)s was saved.") % {"name": saved})
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect(list_url)
    title = (
        _("Add %(kind)s") % {"kind": register.singular}
        if entry is None
        else _("%(kind)s: %(name)s") % {"kind": register.singular.capitalize(), "name": entry}
    )
    context = {"register": register, "form": form, "entry": entry, "title": title, "cancel_url": list_url}
    if isinstance(entry, Person):
        context["person"], context["login"] = entry, entry.user
    if entry is not None:
        context["removal"] = _removal_words(entry, selectors.deletion_effects(entry))
    return render(request, "core/administration/form.html", context)


def _removal_words(entry, effects: selectors.DeletionEffects) -> dict:
    """What the entry's "Remove" says before it acts: what goes with it, or what keeps it."""
    listed = ", ".join(f"{n} {kind}" for kind, n in (effects.blocked_by or effects.removed))
    if effects.blocked_by:
        return {
            "blocked": _("%(name)s cannot be removed while other records refer to it: %(records)s.")
            % {"name": entry, "records": listed}
        }
    text = _("%(name)s will be removed. This cannot be undone; the change history keeps what it held.") % {
        "name": entry
    }
    if listed:
        text += " " + _("Removed with it: %(records)s.") % {"records": listed}
    return {"text": text, "label": _("Remove %(name)s") % {"name": entry}}


@require_POST
def register_delete(request, partnership_slug, path, pk):
    register = _register(path)
    require(request, ACTION)
    entry = _entry(request, register, pk)
    list_url = reverse("administration_list", args=[request.partnership.slug, register.path])
    try:
        services.register_entry_delete(actor=request.actor, user=request.user, register=register, obj=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("administration_edit", partnership_slug=partnership_slug, path=path, pk=pk)
    messages.success(request, _("%(name)s was removed.") % {"name": entry})
    return redirect(list_url)


def partnership_edit(request, partnership_slug):
    require(request, ACTION)
    p = request.partnership
    form = PartnershipForm(request.POST or None, instance=p)
    url = reverse("administration", args=[p.slug])
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_change(actor=request.actor, user=request.user, partnership=p, values=form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The partnership's details were saved."))
            return redirect(url)
    return render(
        request,
        "core/administration/form.html",
        {"form": form, "title": _("The partnership"), "cancel_url": url, "register": None},
    )


@require_POST
def person_login_remove(request, partnership_slug, pk):
    person = get_object_or_404(Person, partnership=request.partnership, pk=pk)
    services.person_login_remove(actor=request.actor, user=request.user, person=person)
    messages.success(request, _("%(name)s can no longer log in to the partnership.") % {"name": person.name})
    return redirect("administration_edit", partnership_slug=partnership_slug, path="personer", pk=person.pk)
