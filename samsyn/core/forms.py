"""The project's form renderer: every form field is drawn by one template (Django's field templates).

Pages write `{{ form }}` or `{{ field.as_field_group }}`; the markup (label tied to its field, a
required mark, help text and errors the field refers to with aria-describedby) lives in
core/templates/core/forms/ once, instead of a hand-made partial per app. Every input, select and
text area gets Designsystemet's input class here, so no form names it.

The widgets themselves (inputs, selects and their options, text areas, groups of radio buttons and
checkboxes) are written by the functions below instead of Django's widget templates: those draw
every option of a list through two nested {% include %}s, which made form rendering the largest
part of a list page's time. The functions give the same HTML as Django's templates, character for
character (samsyn/core/tests/test_forms.py compares them); a widget they do not know (a template
of its own, a multi-widget) is still drawn by its template.
"""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import models
from django.db.models import UniqueConstraint
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.core.lib.urls import reverse

from .administration import Register
from .fields import OreField
from .invitations import password_reset_mail_queue
from .lib.numbers import format_kronor
from .lib.ordering import DOWN, UP
from .lib.staleness import NOTHING, lost_changes, version_token
from .models import Partnership, SignInService

INPUT_CLASS = "ds-input"
OPTION_TEMPLATE = "core/forms/input_option.html"
DJANGO_EMPTY_LABEL = "---------"
DJANGO_OPTION_TEMPLATES = {f"django/forms/widgets/{name}_option.html" for name in ("input", "radio", "checkbox")}


def _with_input_class(attrs: dict) -> dict:
    classes = attrs.get("class", "").split()
    if INPUT_CLASS in classes:
        return attrs
    return {**attrs, "class": " ".join([INPUT_CLASS, *classes])}


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name.startswith("django/forms/widgets/") and isinstance(widget, dict):
            _style(widget)
            html = widget_html(template_name, widget)
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request=request)


# --- Django's widget templates, as functions ------------------------------------------------
# Each returns the template's output, or None for anything it was not written for (the caller
# then renders the template). Values are escaped as the template language escapes them.

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {
    WIDGETS + f"{name}.html"
    for name in (
        "input",
        "text",
        "email",
        "number",
        "password",
        "url",
        "tel",
        "search",
        "date",
        "datetime",
        "time",
        "color",
        "checkbox",
        "hidden",
    )
}


def _text(value) -> str | None:
    """{{ value }} for a (lazy) string; None for anything the template language would localise first."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return None
    return conditional_escape(value)


def _format_s(value) -> str:
    """{{ value|stringformat:'s' }}"""
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 - the filter's own formatting, tuples and all
    except (ValueError, TypeError):
        return ""
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str | None:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        name_html = _text(name)
        if name_html is None:
            return None
        out.append(" " + name_html if value is True else f' {name_html}="{_format_s(value)}"')
    return "".join(out)


def _input(widget: dict) -> str | None:
    """django/forms/widgets/input.html (and text.html, email.html ... which include it)"""
    kind, name, attrs = _text(widget.get("type")), _text(widget.get("name")), _attrs(widget.get("attrs") or {})
    if kind is None or name is None or attrs is None:
        return None
    value = widget.get("value")
    value_html = f' value="{_format_s(value)}"' if value != None else ""  # noqa: E711 - the template's `!= None`
    return f'<input type="{kind}" name="{name}"{value_html}{attrs}>\n'


def _select_option(option: dict) -> str | None:
    """django/forms/widgets/select_option.html"""
    attrs, label = _attrs(option.get("attrs") or {}), _text(option.get("label"))
    if attrs is None or label is None:
        return None
    return f'<option value="{_format_s(option.get("value"))}"{attrs}>{label}</option>\n'


def _input_option(option: dict) -> str | None:
    """core/forms/input_option.html: one radio button or checkbox, the input and then its label."""
    html = _input(option)
    if html is None:
        return None
    if option.get("wrap_label"):
        label = _text(option.get("label"))
        if label is None:
            return None
        element_id = (option.get("attrs") or {}).get("id")
        id_html = _text(element_id) if element_id else ""
        if id_html is None:
            return None
        label_for = f' for="{id_html}"' if element_id else ""
        html += f'<label class="ds-label" data-weight="regular"{label_for}>{label}</label>'
    return f'<div class="ds-field">{html}</div>\n'


OPTIONS: dict[str, Callable[[dict], str | None]] = {
    WIDGETS + "select_option.html": _select_option,
    OPTION_TEMPLATE: _input_option,
}


def _option(option: dict) -> str | None:
    """{% include option.template_name with widget=option %}"""
    draw = OPTIONS.get(option.get("template_name", ""))
    return draw(option) if draw is not None else None


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html"""
    name, attrs = _text(widget.get("name")), _attrs(widget.get("attrs") or {})
    if name is None or attrs is None:
        return None
    out = [f'<select name="{name}"{attrs}>']
    for group_name, group_options, _index in widget.get("optgroups") or ():
        group_html = _text(group_name) if group_name else ""
        if group_html is None:
            return None
        if group_name:
            out.append(f'\n  <optgroup label="{group_html}">')
        for option in group_options:
            html = _option(option)
            if html is None:
                return None
            out.append("\n  " + html)
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple_input(widget: dict) -> str | None:
    """django/forms/widgets/multiple_input.html (radio.html and checkbox_select.html include it)"""
    attrs = widget.get("attrs") or {}
    element_id, css = attrs.get("id"), attrs.get("class")
    id_html = _text(element_id) if element_id else ""
    class_html = _text(css) if css else ""
    if id_html is None or class_html is None:
        return None
    id_attr = f' id="{id_html}"' if element_id else ""
    class_attr = f' class="{class_html}"' if css else ""
    out = [f"<div{id_attr}{class_attr}>"]
    for group_name, group_options, _index in widget.get("optgroups") or ():
        group_html = _text(group_name) if group_name else ""
        if group_html is None:
            return None
        if group_name:
            out.append(f"\n  <div><label>{group_html}</label>")
        for option in group_options:
            html = _option(option)
            if html is None:
                return None
            out.append("<div>\n    " + html + "</div>")
        if group_name:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _textarea(widget: dict) -> str | None:
    """django/forms/widgets/textarea.html"""
    name, attrs = _text(widget.get("name")), _attrs(widget.get("attrs") or {})
    value = widget.get("value")
    value_html = _text(value) if value else ""
    if name is None or attrs is None or value_html is None:
        return None
    return f'<textarea name="{name}"{attrs}>\n{value_html}</textarea>\n'


def widget_html(template_name: str, widget: dict) -> str | None:
    """The widget as its Django template would draw it, or None to leave it to the template."""
    if template_name in INPUT_TEMPLATES:
        return _input(widget)
    draw = {
        WIDGETS + "select.html": _select,
        WIDGETS + "radio.html": _multiple_input,
        WIDGETS + "checkbox_select.html": _multiple_input,
        WIDGETS + "textarea.html": _textarea,
    }.get(template_name)
    return draw(widget) if draw is not None else None


def _style(widget: dict) -> None:
    if widget.get("type") == "hidden":
        return
    options = [option for _group, group_options, _index in widget.get("optgroups") or () for option in group_options]
    if any(option.get("type") in ("radio", "checkbox") for option in options):
        # A group of radio buttons or checkboxes is a container: each option is drawn from its own
        # attributes, input first and label after, as Designsystemet has them.
        for option in options:
            option["attrs"] = _with_input_class(option.get("attrs") or {})
            if option.get("template_name") in DJANGO_OPTION_TEMPLATES:
                option["template_name"] = OPTION_TEMPLATE
        return
    widget["attrs"] = _with_input_class(widget.get("attrs") or {})
    for option in options:
        # Django's empty choice of a list is a row of dashes; people are asked in words.
        if option.get("value") in ("", None) and option.get("label") == DJANGO_EMPTY_LABEL:
            option["label"] = _("Choose …")
    for sub in widget.get("subwidgets") or ():
        _style(sub)


class MoveForm(forms.Form):
    """The "Move up" and "Move down" buttons of a list whose order people set (core/_move.html)."""

    direction = forms.ChoiceField(choices=[(UP, UP), (DOWN, DOWN)])


class AuditFilterForm(forms.Form):
    """The audit history's filters: whose changes, what kind of record, a name in it, and a date range.
    An unknown person or kind is a form error, not a server error."""

    person = forms.TypedChoiceField(label=gettext_lazy("Person"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of record"), required=False)
    name = forms.CharField(
        label=gettext_lazy("Name contains"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("e.g. an initiative's name"),
    )
    date_from = forms.DateField(
        label=gettext_lazy("From (date)"), required=False, help_text=gettext_lazy("e.g. 2024-09-01")
    )
    date_to = forms.DateField(
        label=gettext_lazy("To (date)"), required=False, help_text=gettext_lazy("e.g. 2024-09-30")
    )

    def __init__(self, data, *, people, kinds):
        super().__init__(data)
        every = [("", gettext_lazy("All"))]
        self._user_ids = {p.pk: p.user_id for p in people}
        self.fields["person"].choices = every + [(p.pk, p.name) for p in people]
        self.fields["kind"].choices = every + [(code, capfirst(name)) for code, name in kinds]

    def filters(self) -> dict:
        """The valid filters as keyword arguments of selectors.AuditFilters."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "user_id": self._user_ids.get(data["person"]) if data.get("person") is not None else None,
            "object_type": data.get("kind") or "",
            "name": data.get("name") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


# --- No lost update -------------------------------------------------------------------------

VERSION_FIELD = "read_version"
# A changed value is shown up to this many characters, so that a long text does not fill the message.
SHOWN_CHARACTERS = 80


# For the type checker the mixin is the form it is mixed into.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class ReadVersionMixin(_FormBase):
    """An edit form that remembers the version of the record it was read at and refuses a stale save.

    When the form edits an existing record it gets a hidden field holding a digest of each value it
    shows (core/lib/staleness.py). On a post, the view has read the record afresh from the database
    to build the form, so the same digests made now say what someone else changed since the form was
    opened; if the save would overwrite any of it with another value, it is refused, naming those
    fields and their values now. The user's input stays in the form, whose hidden field now holds
    the new version, so that saving again (after checking) goes through. The record is read at the start of the request that saves it, so the
    window left is that request's own milliseconds, not the minutes a person spends on a form.

    A model form edits a record when its instance is saved already; a plain form says so with
    `edits_existing` (set before calling this __init__). A form that records or corrects a row picked
    by its own fields (a forecast by line, year and round) overrides `version_values` to find that
    row: read when there was none, its token is NOTHING, and finding one at save is a conflict.

    A post without the field (a script, a page from before this check) is not checked: the check
    keeps people from overwriting changes they have not seen; what anyone may write is the policy's.
    """

    edits_existing = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._versioned():
            # A callable initial is read when the form is drawn, after the subclass has set its initials.
            self.fields[VERSION_FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=lambda: version_token(self.version_values())
            )

    def _versioned(self) -> bool:
        instance = getattr(self, "instance", None)
        if instance is not None:
            return instance.pk is not None
        return self.edits_existing

    def version_values(self) -> dict[str, object] | None:
        """The values this form would overwrite, as they are in the database now (None: no record).

        By default the form's initial values, which the view filled from the record it has just read."""
        return {
            name: self.get_initial_for_field(field, name)
            for name, field in self.fields.items()
            if name != VERSION_FIELD and not field.disabled
        }

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or VERSION_FIELD not in self.fields:
            return
        posted = self.data.get(self.add_prefix(VERSION_FIELD))
        cleaned = getattr(self, "cleaned_data", {})
        cleaned.pop(VERSION_FIELD, None)
        if not posted:
            return
        now = self.version_values()
        changed = lost_changes(posted, now, cleaned)
        if not changed or now is None:
            return
        self.add_error(None, stale_message(self, changed, now, existed=posted != NOTHING))
        # The form is shown again with the version just read: saving it again after checking is meant.
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = version_token(now)
        self.data = data


def stale_message(form, changed: list[str], values: dict[str, object], *, existed: bool) -> str:
    shown = ", ".join(_changed(form, name, values[name]) for name in changed)
    if existed:
        return _(
            "Someone else has changed this while you were writing. Changed since you opened the page: %(changes)s. "
            "Your changes are still in the form; check them and save again."
        ) % {"changes": shown}
    return _(
        "This has been recorded already, after you opened the page: %(changes)s. "
        "Your values are still in the form; save again to replace it."
    ) % {"changes": shown}


def _changed(form, name: str, value) -> str:
    label = _field_label(form, name)
    if value is None or value == "" or value == []:
        return _("%(field)s (now empty)") % {"field": label}
    return _("%(field)s (now: “%(value)s”)") % {"field": label, "value": shown_value(form, name, value)}


def _field_label(form, name: str) -> str:
    field = form.fields.get(name)
    label = field.label if field is not None and field.label else name.replace("_", " ")
    return capfirst(str(label))


def shown_value(form, name: str, value) -> str:
    """A value the way a person reads it: a choice by its label, an amount in kronor, a date as ISO."""
    field = form.fields.get(name)
    # A field that knows how people write its values (a decimal the Swedish way) says it itself.
    show = getattr(field, "show_value", None)
    if show is not None:
        text = show(value)
    elif isinstance(value, bool):
        text = _("yes") if value else _("no")
    elif isinstance(value, int) and getattr(field, "amount_in_ore", False):
        text = format_kronor(value, unit=True)
    elif isinstance(value, date):
        text = value.isoformat()
    elif field is not None and hasattr(field, "choices"):
        chosen = value if isinstance(value, list | tuple | set) else [value]
        keys = {str(getattr(v, "pk", v)) for v in chosen}
        labels = [str(label) for key, label in field.choices if str(getattr(key, "value", key)) in keys]
        text = ", ".join(labels) or ", ".join(str(v) for v in chosen)
    elif isinstance(value, list | tuple | set):
        text = ", ".join(str(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


class ModelForm(ReadVersionMixin, forms.ModelForm):
    """Every model form of the apps: one that edits a saved record refuses a stale save."""


class LoginForm(AuthenticationForm):
    """Django's login form, where an e-mail address as user name is read in lower case: an invited
    person's user name is their address, lower-cased, and people type it as they please."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        return username.strip().lower() if "@" in username else username


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's "forgot password" form, whose message goes out like every other: stored, then sent by
    a background task, in Swedish (Django's own form would send it at once with send_mail)."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        password_reset_mail_queue(user=context["user"], uidb64=context["uid"], token=context["token"])


# ---------------------------------------------------------------- the administrator's registers

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegisterForm(ModelForm):
    """A record of one of the partnership's registers (samsyn.core.administration).

    Lists of related records offer only the partnership's own; a record that would repeat another
    of the partnership (the same name, the same party and year) is refused in words, naming the
    fields, instead of reaching the database's constraint."""

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and any(f.name == "partnership" for f in queryset.model._meta.fields):
                field.queryset = queryset.filter(partnership=partnership)  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        model = type(self.instance)
        for constraint in model._meta.constraints:
            names = getattr(constraint, "fields", ())
            if not isinstance(constraint, UniqueConstraint) or "partnership" not in names or constraint.condition:
                continue
            others = [n for n in names if n != "partnership"]
            if not others or any(n not in self.fields or n not in cleaned for n in others):
                continue
            clash = model._default_manager.filter(
                partnership=self.partnership, **{n: cleaned[n] for n in others}
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                labels = [str(self.fields[n].label).lower() for n in others]
                fields_text = (
                    labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " " + _("and") + " " + labels[-1]
                )
                self.add_error(
                    None,
                    _("%(register)s already has an entry with the same %(fields)s.")
                    % {"register": capfirst(str(model._meta.verbose_name_plural)), "fields": fields_text},
                )
        return cleaned


def _register_formfield(db_field, **kwargs):
    """How a register's form asks for a model field: amounts in kronor, dates with a date picker,
    several related records as checkboxes."""
    if db_field.name.endswith("_ore"):
        label = capfirst(str(db_field.verbose_name).split(" (")[0])
        return OreField(label=f"{label} ({_('SEK')})", required=not db_field.blank)
    if isinstance(db_field, models.DateField):
        kwargs["widget"] = DATE_INPUT
    if isinstance(db_field, models.ManyToManyField):
        kwargs["widget"] = forms.CheckboxSelectMultiple
    return db_field.formfield(**kwargs)


def register_form_class(register: Register) -> type[RegisterForm]:
    """The form of a register's records: its fields, in its order, with its help texts."""
    if register.form is not None:
        return register.form
    form_class: type[RegisterForm] = forms.modelform_factory(  # type: ignore[assignment]
        register.model, form=RegisterForm, fields=list(register.fields), formfield_callback=_register_formfield
    )
    if register.field_help:
        for name, text in register.field_help.items():
            form_class.base_fields[name].help_text = str(text)
    return form_class


def _https_first(db_field, **kwargs):
    """A model field's form field, an address without a scheme taken as https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class SignInServiceForm(RegisterForm):
    """A sign-in service, whose client secret is written and never shown again: left empty when the
    service is changed, the secret stays as it was."""

    class Meta:
        model = SignInService
        formfield_callback = _https_first
        fields = ["name", "issuer", "client_id", "client_secret", "email_claim", "email_domains", "active"]
        widgets = {
            "client_secret": forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
            "email_domains": forms.TextInput(),
        }
        help_texts = {
            "name": gettext_lazy('Shown on the login page: "Log in with" and this name.'),
            "issuer": gettext_lazy(
                "The provider's address, where /.well-known/openid-configuration is found, "
                "e.g. https://login.microsoftonline.com/TENANT/v2.0."
            ),
            "email_claim": gettext_lazy(
                "The claim of the ID token that holds the e-mail address: email, or upn or preferred_username "
                "for Entra ID."
            ),
            "email_domains": gettext_lazy(
                "Only addresses of these domains may log in, separated by commas: mdu.se, vasteras.se."
            ),
            "active": gettext_lazy("Unticked, the service is kept but nobody logs in with it."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.pop("client_secret", None)
        self.fields["client_id"].help_text = _(
            "Registered at the provider for Samsyn, with the return address %(url)s."
        ) % {"url": settings.SAMSYN_BASE_URL + reverse("signin_callback")}
        if self.instance.pk is not None:
            self.fields["client_secret"].required = False
            self.fields["client_secret"].help_text = _("Leave empty to keep the secret as it is.")

    def clean_client_secret(self):
        secret = self.cleaned_data.get("client_secret") or ""
        return secret or (self.instance.client_secret if self.instance.pk is not None else "")

    def version_values(self):
        # Never the secret, not even digested into the page.
        values = super().version_values()
        if values is not None:
            values.pop("client_secret", None)
        return values


class PartnershipForm(ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "short_name", "vision", "mission"]
