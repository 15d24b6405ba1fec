from __future__ import annotations

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from samsyn.core.forms import ReadVersionMixin
from samsyn.core.roles import Role
from samsyn.portfolio.models import Initiative

from .extract import ALLOWED_TYPES, Upload, max_bytes
from .models import AccessLevel, Document


class UploadField(forms.FileField):
    def __init__(self, **kwargs):
        super().__init__(
            help_text=_("PDF, Word (.docx), text, Markdown or HTML; at most %(mb)s MB.")
            % {"mb": max_bytes() // (1024 * 1024)},
            **kwargs,
        )
        self.widget.attrs["accept"] = ",".join(sorted(ALLOWED_TYPES))

    def clean(self, data, initial=None):
        f = super().clean(data, initial)
        if f is None:
            return f
        if f.size > max_bytes():
            # Checked before the file is read into memory.
            raise forms.ValidationError(
                _("%(file)s: the file is %(size)s MB; the limit is %(limit)s MB.")
                % {"file": f.name, "size": round(f.size / 1024 / 1024, 1), "limit": round(max_bytes() / 1024 / 1024, 1)}
            )
        return Upload.check(f.name, f.read())


class DocumentForm(ReadVersionMixin, forms.Form):
    """A new document with its file, or (`with_file=False`) the details of one, filled from it by the view."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    access = forms.ChoiceField(label=_("Access level"), choices=AccessLevel.choices, initial=AccessLevel.INTERNAL)
    roles = forms.MultipleChoiceField(
        label=_("Roles with access"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for restricted documents."),
    )
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
        if data.get("access") == AccessLevel.RESTRICTED and not data.get("roles"):
            self.add_error("roles", _("Name at least one role for a restricted document."))
        return data


class VersionForm(forms.Form):
    file = UploadField(label=_("File"))
