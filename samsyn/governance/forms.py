from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from samsyn.archive.forms import UploadField, access_field, access_roles_check, roles_field
from samsyn.archive.models import AccessLevel, Document
from samsyn.archive.rules import title_from
from samsyn.core.fields import BoardItemField, KronorField
from samsyn.core.forms import ModelForm, ReadVersionMixin
from samsyn.core.models import FocusArea, Organization, Person
from samsyn.core.reports import report_attachment_choices, report_for_attachment
from samsyn.portfolio.models import Initiative, ProposalItem

from .models import (
    Advice,
    AgendaItem,
    Assignment,
    Attachment,
    Attendance,
    BusinessPlan,
    Colour,
    Decision,
    GoalActivity,
    LeaderReport,
    LeaderReportGoal,
    Meeting,
    OperationalGoal,
    Requisition,
    SpendingDecision,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _people(partnership):
    return Person.objects.filter(partnership=partnership).order_by("name")


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "focus_area",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "status",
            "opening",
            "previous",
            "previous_minutes_approved",
            "next_meeting_date",
            "next_meeting_note",
            "adjusters",
        ]
        widgets = {
            "adjusters": forms.CheckboxSelectMultiple,
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "next_meeting_date": DATE,
            "opening": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)

        self.instance.partnership = partnership
        self.fields["focus_area"].queryset = FocusArea.objects.filter(partnership=partnership)
        self.fields["previous"].queryset = Meeting.objects.filter(partnership=partnership).exclude(pk=self.instance.pk)
        self.fields["adjusters"].queryset = Person.objects.filter(partnership=partnership)

    def clean(self):
        data = super().clean()
        kind, area = data.get("kind"), data.get("focus_area")
        if kind == Meeting.Kind.CORE_TEAM and area is None:
            self.add_error("focus_area", _("A Core Team meeting belongs to a focus area."))
        if kind == Meeting.Kind.BOARD and area is not None:
            self.add_error("focus_area", _("A board meeting has no focus area."))
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("The meeting ends after it starts."))
        return data


class AttendanceForm(ModelForm):
    class Meta:
        model = Attendance
        fields = ["person", "role", "substitutes_for", "present"]

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting, self.instance.partnership = meeting, meeting.partnership
        self.fields["person"].queryset = _people(meeting.partnership)
        self.fields["substitutes_for"].queryset = _people(meeting.partnership)

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if (
            person
            and Attendance.objects.filter(meeting=self.instance.meeting, person=person)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("person", _("This person is already on the list."))
        if data.get("substitutes_for") and data.get("substitutes_for") == person:
            self.add_error("substitutes_for", _("A person does not substitute for themselves."))
        return data


class ItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "presenter", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting, self.instance.partnership = meeting, meeting.partnership
        self.fields["presenter"].queryset = _people(meeting.partnership)


class DecisionForm(ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.item, self.instance.partnership = item, item.partnership


class AdviceForm(DecisionForm):
    class Meta:
        model = Advice
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, item, **kwargs):
        # Past DecisionForm.__init__, which sets a decision's own fields.
        super(DecisionForm, self).__init__(*args, **kwargs)
        self.instance.item, self.instance.partnership = item, item.partnership


class AssignmentForm(ModelForm):
    class Meta:
        model = Assignment
        fields = ["assignee", "assignee_text", "text", "due", "status", "note"]
        widgets = {"due": DATE, "text": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None:
            self.instance.item, self.instance.partnership = item, item.partnership
        self.fields["assignee"].queryset = _people(self.instance.partnership)

    def clean(self):
        data = super().clean()
        if not data.get("assignee") and not data.get("assignee_text"):
            self.add_error("assignee", _("Name who is given the assignment."))
        return data


class AssignmentStatusForm(ReadVersionMixin, forms.Form):
    """The follow-up of an assignment, filled from it by the view."""

    edits_existing = True
    status = forms.ChoiceField(label=_("status"), choices=Assignment.Status.choices)
    note = forms.CharField(label=_("follow-up note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(ModelForm):
    """A new attachment: a file uploaded and filed in the archive, an archived document by its diary
    number, a generated report or an address (or a title alone, for a paper handed out)."""

    # The archive's own upload field and access fields: its limits, types and text extraction.
    file = UploadField(label=_("Upload a file"), required=False)
    access = access_field()
    roles = roles_field()
    report_kind = forms.ChoiceField(label=_("generated report"), required=False)
    # People know an archived document by its diary number, never by the database's id: the field
    # takes "SHK 2023/2" and gives the service the document's id.
    document_id = forms.CharField(
        label=_("Diary number of an archived document"),
        required=False,
        max_length=40,
        help_text=_("As it stands on the document, e.g. SHK 2023/2."),
    )
    url = forms.URLField(label=_("address"), required=False, assume_scheme="https")

    field_order = ["title", "item", "file", "access", "roles", "document_id", "report_kind", "report_date", "url"]

    class Meta:
        model = Attachment
        fields = ["title", "item", "report_kind", "report_date", "document_id", "url"]
        widgets = {"report_date": DATE}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting, self.instance.partnership = meeting, meeting.partnership
        # An uploaded file may give the title; clean() asks for one otherwise.
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty for an uploaded file: the title is taken from the file.")
        upload = self.fields["file"]
        registered = _("It is registered in the archive with a diary number.")
        upload.help_text = f"{registered} {upload.help_text}"
        # Asked only of an uploaded file (internal unless chosen): an attachment without one has none.
        self.fields["access"].required = False
        self.fields["access"].help_text = _("For an uploaded file: who may read it in the archive.")
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting)
        # The reports a meeting may attach are those the report registry offers.
        self.fields["report_kind"].choices = [("", _("None")), *report_attachment_choices()]
        if self.instance.document_id:
            document = Document.objects.filter(pk=self.instance.document_id).first()
            self.initial["document_id"] = document.diary_number if document else ""

    def clean_document_id(self):
        number = " ".join((self.cleaned_data.get("document_id") or "").split())
        if not number:
            return None
        document = Document.objects.filter(partnership=self.instance.partnership, diary_number__iexact=number).first()
        if document is None:
            raise ValidationError(
                _("There is no document in the archive with the diary number “%(number)s”.") % {"number": number}
            )
        return document.pk

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            data["access"] = data.get("access") or AccessLevel.INTERNAL
            if data.get("document_id") or data.get("report_kind") or data.get("url"):
                self.add_error(
                    "file",
                    _(
                        "An uploaded file is an attachment of its own: leave the diary number, report and address empty."
                    ),
                )
            access_roles_check(self, data)
            if not data.get("title"):
                data["title"] = title_from(upload)
        elif not data.get("title") and "title" not in self.errors and "file" not in self.errors:
            self.add_error("title", _("Give the attachment a title."))
        kind = report_for_attachment(data.get("report_kind") or "")
        # A report as of a date is attached as of a fixed date, so the meeting's papers do not change later.
        if kind is not None and any(p.name == "as_of" for p in kind.params) and not data.get("report_date"):
            self.add_error("report_date", _("Give the date the report is as of."))
        return data


class SpendingForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    amount = KronorField(label=_("amount (SEK)"), required=False, help_text=_("Empty for a proposal item: its budget."))
    purpose = forms.CharField(label=_("purpose"), max_length=300, required=False)
    proposal_item: forms.ModelChoiceField[Model] = forms.ModelChoiceField(
        label=_("item of a Core Team decision proposal"), queryset=None, required=False
    )
    board_item = BoardItemField(
        model_field=SpendingDecision._meta.get_field("board_item"),
        label=_("board meeting item"),
        help_text=_("Above the process leader's limit only the board decides: name the item of its meeting."),
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board_item"].for_partnership(partnership)

        self.fields["proposal_item"].queryset = (
            ProposalItem.objects.filter(partnership=partnership, budget_ore__gt=0, spending_decisions__isnull=True)
            .select_related("proposal")
            .order_by("-proposal__date", "order")
        )
        self.fields["proposal_item"].label_from_instance = lambda i: f"{i.proposal.title}: {i.name}"

    def clean(self):
        data = super().clean()
        item = data.get("proposal_item")
        if item is not None:
            if data.get("amount") is None:
                data["amount"] = item.budget_ore
            if not data.get("purpose"):
                data["purpose"] = f"{item.proposal.title}: {item.name}"[:300]
        if data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Give the amount."))
        if not data.get("purpose"):
            self.add_error("purpose", _("Say what the money is for."))
        return data


class RequisitionForm(ModelForm):
    amount = KronorField(label=_("amount (SEK)"))

    class Meta:
        model = Requisition
        fields = ["organization", "year", "half", "requisition_date", "paid_on"]
        widgets = {"requisition_date": DATE, "paid_on": DATE}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["organization"].queryset = Organization.objects.filter(
            partnership=partnership, memberships__isnull=False
        ).distinct()
        if self.instance.pk:
            self.initial["amount"] = f"{self.instance.amount_ore // 100}"

    def clean(self):
        data = super().clean()
        org, year, half = data.get("organization"), data.get("year"), data.get("half")
        if (
            org
            and year
            and half
            and Requisition.objects.filter(organization=org, year=year, half=half).exclude(pk=self.instance.pk).exists()
        ):
            self.add_error("half", _("This half is already requisitioned."))
        if data.get("requisition_date") and year and data["requisition_date"].year > year:
            self.add_error("requisition_date", _("A half-year is requisitioned in its year or before."))
        return data


class FeeForm(forms.Form):
    candidate = forms.CharField(label=_("candidate municipality"), max_length=100)
    population = forms.IntegerField(label=_("population of the candidate"), min_value=0)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = municipalities
        for org in municipalities:
            self.fields[f"pop_{org.pk}"] = forms.IntegerField(
                label=_("population of %(name)s") % {"name": org.name}, min_value=0, initial=org.population
            )

    def populations(self):
        pops = {org.name: self.cleaned_data[f"pop_{org.pk}"] for org in self.municipalities}
        pops[self.cleaned_data["candidate"]] = self.cleaned_data["population"]
        return pops

    def clean_candidate(self):
        name = self.cleaned_data["candidate"].strip()
        if name in {o.name for o in self.municipalities}:
            raise ValidationError(_("%(name)s is already a party.") % {"name": name})
        return name


class GoalStatusForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE)
    colour = forms.ChoiceField(label=_("colour"), choices=Colour.choices)
    text = forms.CharField(label=_("status"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(ModelForm):
    class Meta:
        model = LeaderReport
        fields = ["introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class ReportGoalForm(ModelForm):
    class Meta:
        model = LeaderReportGoal
        fields = ["colour", "bullets", "initiatives"]
        widgets = {"bullets": forms.Textarea(attrs={"rows": 6}), "initiatives": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["initiatives"].queryset = Initiative.objects.filter(partnership=self.instance.partnership).order_by(
            "name"
        )


# ---------------------------------------------------------------- the year's business plan


class PlanForm(ModelForm):
    """The plan's own texts and its adoption; the goals are written one by one."""

    adopted_item = BoardItemField(
        model_field=BusinessPlan._meta.get_field("adopted_item"),
        label=_("board meeting item"),
        help_text=_("The item of the board meeting that adopted the plan, if it is recorded in Samsyn."),
    )

    class Meta:
        model = BusinessPlan
        fields = ["introduction", "vision", "adopted_on", "adopted_item"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "vision": forms.Textarea(attrs={"rows": 8}),
            "adopted_on": DATE,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["adopted_item"].for_partnership(partnership)
        self.fields["adopted_on"].help_text = _("The date the board adopted the plan. Empty while it is a draft.")


class GoalForm(ModelForm):
    """A goal's words, target amount and who is responsible; its numeral follows its place."""

    target_ore = KronorField(
        label=_("target amount (SEK)"),
        required=False,
        help_text=_("Only for a goal measured in money, e.g. leverage of at least 10 000 000."),
    )

    class Meta:
        model = OperationalGoal
        fields = ["title", "text", "target_ore", "responsible"]
        labels = {"title": _("short name"), "text": _("the goal")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["responsible"].queryset = _people(partnership)
        self.fields["title"].help_text = _("A few words, e.g. “Communication”.")
        self.fields["responsible"].help_text = _("The person who answers for the goal during the year.")


class ActivityForm(ModelForm):
    class Meta:
        model = GoalActivity
        fields = ["text", "responsible"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.goal, self.instance.partnership = goal, goal.partnership
        self.fields["responsible"].queryset = _people(goal.partnership)
