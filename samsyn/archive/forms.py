from __future__ import annotations

from django import forms
from django.db.models import Model
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ReadVersionMixin
from samsyn.core.roles import Role
from samsyn.portfolio.models import Initiative

from .extract import ALLOWED_TYPES, Upload, max_bytes, too_large
from .models import AccessLevel, Document


def _upload_help() -> str:
    return _("PDF, Word (.docx), text, Markdown or HTML; at most %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)}


class UploadField(forms.FileField):
    def __init__(self, **kwargs):
        # Written when the form is drawn, in its reader's language: a field of a form class is made
        # once, at import.
        super().__init__(help_text=lazy(_upload_help, str)(), **kwargs)
        self.widget.attrs["accept"] = ",".join(sorted(ALLOWED_TYPES))

    def clean(self, data, initial=None):
        f = super().clean(data, initial)
        if not f:  # none given (or a "clear" box a crafted post ticks: there is nothing to clear)
            return None
        if f.size > max_bytes():
            # Checked before the file is read into memory.
            raise too_large(f.name, f.size)
        return Upload.check(f.name, f.read())


def access_field() -> forms.ChoiceField:
    """Who may read a document: the archive's access levels, internal unless chosen otherwise."""
    return forms.ChoiceField(label=_("Access level"), choices=AccessLevel.choices, initial=AccessLevel.INTERNAL)


def roles_field() -> forms.MultipleChoiceField:
    """The roles that read a restricted document."""
    return forms.MultipleChoiceField(
        label=_("Roles with access"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for restricted documents."),
    )


def access_roles_check(form: forms.BaseForm, data: dict) -> None:
    """A restricted document names at least one role: said on the form's roles field."""
    if data.get("access") == AccessLevel.RESTRICTED and not data.get("roles"):
        form.add_error("roles", _("Name at least one role for a restricted document."))


class DocumentForm(ReadVersionMixin, forms.Form):
    """A new document with its file, or (`with_file=False`) the details of one, filled from it by the view."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    access = access_field()
    roles = roles_field()
    # The querysets are the partnership's, set in __init__.
    initiatives: forms.ModelMultipleChoiceField[Model] = forms.ModelMultipleChoiceField(
        label=_("Initiatives"), queryset=None, required=False
    )
    meetings: forms.ModelMultipleChoiceField[Model] = forms.ModelMultipleChoiceField(
        label=_("Meetings"), queryset=None, required=False
    )

    def __init__(self, *args, partnership, with_file=True, **kwargs):
        self.edits_existing = not with_file
        super().__init__(*args, **kwargs)
        # Meetings belong to governance, above the archive: their model is the one the relation names.
        meeting = Document._meta.get_field("meetings").related_model
        if with_file:
            self.fields = {"file": UploadField(label=_("File")), **self.fields}
        self.fields["initiatives"].queryset = Initiative.objects.filter(partnership=partnership).order_by("name")
        self.fields["meetings"].queryset = meeting.objects.filter(partnership=partnership).order_by("-date")

    def clean(self):
        data = super().clean()
        access_roles_check(self, data)
        return data


class VersionForm(forms.Form):
    file = UploadField(label=_("File"))
