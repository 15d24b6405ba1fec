"""Meetings and their minutes, spending decisions, requisitions, operational goals and
the process leader's report (seeds 000, 001, 002, 004)."""

import secrets
from dataclasses import replace

from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.colours import Colour
from samsyn.core.models import Organization, PartnershipOwned, Person, SpendingAuthority
from samsyn.core.policy import Target

from .rules import roman_numeral


class Meeting(PartnershipOwned):
    class Kind(models.TextChoices):
        BOARD = "board", _("Board meeting")
        CORE_TEAM = "core_team", _("Core Team meeting")
        JOINT = "joint", _("Board and Core Team together")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    key = models.SlugField(_("key"), max_length=80)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    focus_area = models.ForeignKey(
        "core.FocusArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("focus area"),
        help_text=_("The Core Team's focus area; empty for a board meeting."),
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    opening = models.TextField(_("opening words"), blank=True)
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="following",
        verbose_name=_("previous meeting"),
        help_text=_("Whose minutes this meeting approves."),
    )
    previous_minutes_approved = models.BooleanField(_("previous minutes approved"), default=False)
    next_meeting_date = models.DateField(_("next meeting"), null=True, blank=True)
    next_meeting_note = models.CharField(_("about the next meeting"), max_length=300, blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    approved_minutes_html = models.TextField(_("approved minutes"), blank=True, editable=False)
    adjusters = models.ManyToManyField(
        Person,
        related_name="adjusted_meetings",
        blank=True,
        verbose_name=_("adjusters"),
        help_text=_("The people who check the minutes and approve them in Samsyn."),
    )
    # When the notice (kallelse) last went out: sending again is allowed, and the page says it was sent.
    notice_sent_at = models.DateTimeField(_("notice sent"), null=True, blank=True, editable=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # The link was the archive's (Document.meetings) until the archive moved below governance; the
    # table and its columns are the same, so documents keep the meetings they were attached to.
    documents = models.ManyToManyField(
        "archive.Document",
        related_name="meetings",
        blank=True,
        db_table="archive_document_meetings",
        verbose_name=_("documents"),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "start_time", "kind"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="meeting_key_unique")]

    def __str__(self):
        return f"{self.title} {self.date:%Y-%m-%d}"

    def policy_target(self):
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset({self.focus_area_id}) if self.focus_area_id else frozenset(),
        )

    def approval_target(self):
        """The policy's target for approving the minutes: the meeting, naming its adjusters."""
        return replace(self.policy_target(), named_person_ids=frozenset(self.adjusters.values_list("pk", flat=True)))

    @property
    def is_board(self):
        return self.kind in {self.Kind.BOARD, self.Kind.JOINT}

    @property
    def minutes_frozen(self):
        return self.minutes_status == self.MinutesStatus.APPROVED


class Attendance(PartnershipOwned):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SUBSTITUTE = "substitute", _("Substitute")
        STAFF = "staff", _("Process support")
        SECRETARY = "secretary", _("Secretary")
        GUEST = "guest", _("Guest")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person"))
    role = models.CharField(_("role at the meeting"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    substitutes_for = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substituted_by",
        verbose_name=_("substitutes for"),
    )
    present = models.BooleanField(_("present"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["order", "person__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class AgendaItem(PartnershipOwned):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Item")
        PREVIOUS_MINUTES = "previous_minutes", _("Minutes of the previous meeting")
        ASSIGNMENTS = "assignments", _("Follow-up of assignments")
        OTHER = "other", _("Other matters")
        NEXT_MEETING = "next_meeting", _("Next meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("presenter"),
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="agendaitem_number_unique")]

    def __str__(self):
        return f"§{self.number} {self.title}"


class Decision(PartnershipOwned):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("item"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Advice(PartnershipOwned):
    """Board advice (medskick) to the staff."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="advice", verbose_name=_("item"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("advice"))

    class Meta:
        verbose_name = _("board advice")
        verbose_name_plural = _("board advice")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Assignment(PartnershipOwned):
    """A task (uppdrag) given at a meeting; on every following agenda until done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("item"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    assignee = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments", verbose_name=_("who")
    )
    assignee_text = models.CharField(_("who (if not a person)"), max_length=200, blank=True)
    text = models.TextField(_("what"))
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due", "pk"]

    def __str__(self):
        return self.text[:80]

    def policy_target(self):
        return self.item.meeting.policy_target()

    @property
    def is_open(self):
        return self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}

    @property
    def who(self):
        return str(self.assignee) if self.assignee_id else self.assignee_text


class Attachment(PartnershipOwned):
    """A numbered attachment (bilaga): an archived document (chosen by its diary number, or a file
    uploaded for the meeting and filed in the archive), a generated report or an address."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments", verbose_name=_("item")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    # An archived document (the archive app links to us, so only its id is kept here).
    document_id = models.PositiveIntegerField(_("archived document"), null=True, blank=True)
    # Or a generated report: a URL name such as "economy:appendix" with its as-of date.
    report_kind = models.CharField(_("generated report"), max_length=80, blank=True)
    report_date = models.DateField(_("report as of"), null=True, blank=True)
    url = models.URLField(_("address"), blank=True)
    # A file uploaded from the meeting's page, filed in the archive as the document above: a paper
    # made for this meeting, so the notice carries it as a file (a document chosen from the archive
    # by its diary number is linked).
    uploaded = models.BooleanField(_("uploaded for the meeting"), default=False)

    # Set on the attachments that selectors.minutes_build returns: where the reader opens it, or None.
    link: str | None

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="attachment_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class SpendingDecision(PartnershipOwned):
    """A decision to spend money, checked against the agreement's spending authority."""

    Authority = SpendingAuthority

    date = models.DateField(_("date"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    purpose = models.CharField(_("purpose"), max_length=300)
    authority = models.CharField(_("authority"), max_length=20, choices=Authority.choices)
    decided_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    board_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="spending_decisions",
        verbose_name=_("board meeting item"),
    )
    proposal_item = models.ForeignKey(
        "portfolio.ProposalItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spending_decisions",
        verbose_name=_("proposal item"),
    )
    recorded_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("spending decision")
        verbose_name_plural = _("spending decisions")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.purpose


class PilotGrantDecision(models.Model):
    """The item of a board meeting that decided a pilot grant above the process leader's limit.

    Kept here, not on the grant: the economy sits below governance and names none of its models.
    """

    pilot_grant = models.OneToOneField(
        "economy.PilotGrant",
        on_delete=models.CASCADE,
        related_name="board_decision",
        verbose_name=_("pilot grant"),
    )
    board_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="pilot_grant_decisions",
        verbose_name=_("board meeting item"),
    )

    class Meta:
        verbose_name = _("board decision on pilot money")
        verbose_name_plural = _("board decisions on pilot money")

    def __str__(self):
        return f"{self.pilot_grant}: {self.board_item}"


class Requisition(PartnershipOwned):
    """The university's invoice to a party for half a year's contribution (seed 002 § 7)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="requisitions", verbose_name=_("party")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(_("half"), choices=[(1, _("first half")), (2, _("second half"))])
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    requisition_date = models.DateField(_("requisition date"))
    due_date = models.DateField(_("due date"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        verbose_name = _("requisition")
        verbose_name_plural = _("requisitions")
        ordering = ["year", "half", "organization__name"]
        constraints = [models.UniqueConstraint(fields=["organization", "year", "half"], name="requisition_unique")]

    def __str__(self):
        return f"{self.organization} {self.year}:{self.half}"


class BusinessPlan(PartnershipOwned):
    """The business plan (verksamhetsplan) of a year: its introduction and direction, and when the
    board adopted it (seed 000; seed 002 appendix 1: the board decides the yearly plan).

    The year's operational goals and their activities are the plan's body; they are found by the
    year, as goals of years before Samsyn kept whole plans (2023, 2024) have no plan of their own.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    introduction = models.TextField(_("introduction"), blank=True)
    vision = models.TextField(
        _("vision and direction"),
        blank=True,
        help_text=_("The vision, the mission, the focus areas and the perspectives the plan rests on."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopted_plans",
        verbose_name=_("board meeting item"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="businessplan_year_unique")]

    def __str__(self):
        return f"{self.year}"


class OperationalGoal(PartnershipOwned):
    """Verksamhetsmål I–V of a year."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("goal"))
    target_ore = models.BigIntegerField(_("target amount (öre)"), null=True, blank=True)
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_goals",
        verbose_name=_("responsible"),
    )

    # Set on the goals that selectors.goals_for_year returns: the newest status, or None.
    latest_status: "GoalStatus | None"

    class Meta:
        verbose_name = _("operational goal")
        verbose_name_plural = _("operational goals")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year", "number"], name="operationalgoal_unique")]

    def __str__(self):
        return f"{self.year} {self.roman}: {self.title}"

    @property
    def roman(self):
        return roman_numeral(self.number)


class GoalActivity(PartnershipOwned):
    goal = models.ForeignKey(
        OperationalGoal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("goal")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("activity"))
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responsible_activities",
        verbose_name=_("responsible"),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["goal", "order"]

    def __str__(self):
        return self.text[:80]


class GoalStatus(PartnershipOwned):
    goal = models.ForeignKey(OperationalGoal, on_delete=models.CASCADE, related_name="statuses", verbose_name=_("goal"))
    date = models.DateField(_("date"))
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    text = models.TextField(_("status"))
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author")
    )

    class Meta:
        verbose_name = _("goal status")
        verbose_name_plural = _("goal statuses")
        ordering = ["goal", "-date", "-pk"]

    def __str__(self):
        return f"{self.goal} {self.date}"


class LeaderReport(PartnershipOwned):
    """The process leader's report (processledarrapport) to a meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="leader_report", verbose_name=_("meeting")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_html = models.TextField(_("report as sent"), blank=True, editable=False)

    class Meta:
        verbose_name = _("process leader's report")
        verbose_name_plural = _("process leader's reports")

    def __str__(self):
        return f"{self.meeting}"


class LeaderReportGoal(PartnershipOwned):
    report = models.ForeignKey(LeaderReport, on_delete=models.CASCADE, related_name="goals", verbose_name=_("report"))
    goal = models.ForeignKey(
        OperationalGoal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("goal")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    heading = models.TextField(_("goal"))
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, blank=True)
    bullets = models.TextField(_("bullets"), blank=True, help_text=_("One bullet a line."))
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    initiatives = models.ManyToManyField(
        "portfolio.Initiative", blank=True, related_name="+", verbose_name=_("initiatives")
    )

    class Meta:
        verbose_name = _("goal in the report")
        verbose_name_plural = _("goals in the report")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="leaderreportgoal_unique")]

    def bullet_list(self):
        return [b.strip().lstrip("-•").strip() for b in self.bullets.splitlines() if b.strip()]


def new_token():
    return secrets.token_urlsafe(24)


class CalendarToken(PartnershipOwned):
    """A person's secret link to their meetings as an iCal feed."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("person")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
