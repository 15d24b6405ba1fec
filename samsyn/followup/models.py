"""Follow-up, evaluation and impact: KPIs and their measurements, traffic-light evaluations,
impact stories, events and the yearly follow-up and evaluation plan (seed 002 appendix 1
section 5; seed 003; seed 004)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.colours import Colour
from samsyn.core.lib.numbers import format_percent
from samsyn.core.lib.urls import reverse
from samsyn.core.models import Organization, PartnershipOwned, Person
from samsyn.core.policy import Target

from .rules import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS


def token_new(length=8):
    """A short random code for links that are typed from a screen (no 0/O/1/l confusion)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def token_long():
    """The personal links invitations once had (kept for the migrations that created them)."""
    return secrets.token_urlsafe(18)


class Kpi(PartnershipOwned):
    """A key figure (nyckeltal) the partnership follows up (seed 002, appendix 1, section 5)."""

    class Unit(models.TextChoices):
        COUNT = "count", _("Number")
        PERCENT = "percent", _("Percent")
        FTE = "fte", _("Full-time equivalents")
        SEK = "sek", _("Kronor")
        SCORE = "score", _("Score")
        DONE = "done", _("Done (0 or 1)")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")
        REACH = "reach", _("Reach the target")

    class Periodicity(models.TextChoices):
        YEAR = "year", _("Year")
        HALF = "half", _("Half-year")
        QUARTER = "quarter", _("Quarter")
        MONTH = "month", _("Month")

    key = models.SlugField(_("key"), max_length=80)
    name = models.CharField(_("name"), max_length=300)
    group = models.CharField(_("part of the assignment"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.UP)
    target = models.DecimalField(
        _("standing target"),
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
        help_text=_("The target of every year whose business plan gives the KPI no target of its own."),
    )
    periodicity = models.CharField(_("period"), max_length=10, choices=Periodicity.choices, default=Periodicity.YEAR)
    focus_area = models.ForeignKey(
        "core.FocusArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("focus area"),
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("initiative"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # A figure Samsyn counts itself (core.registry.counted_figures), in place of typed measurements.
    counted_from = models.CharField(
        _("counted from"),
        max_length=80,
        blank=True,
        help_text=_("Samsyn counts the KPI's value for each period from what it records; nothing is typed."),
    )

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="kpi_key_unique")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("followup:kpi_detail", args=[self.partnership.slug, self.key])

    def policy_target(self):
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset([self.focus_area_id]) if self.focus_area_id else frozenset(),
        )


class KpiTarget(PartnershipOwned):
    """A KPI's target for one year, as that year's business plan sets it; a year without one
    follows the KPI's standing target (rules.target_for_year)."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="year_targets", verbose_name=_("KPI"))
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=VALUE_MAX_DIGITS, decimal_places=VALUE_DECIMAL_PLACES)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("KPI target of a year")
        verbose_name_plural = _("KPI targets of a year")
        ordering = ["kpi", "year"]
        constraints = [models.UniqueConstraint(fields=["kpi", "year"], name="kpitarget_year_unique")]

    def __str__(self):
        return f"{self.kpi} {self.year}"


class Measurement(PartnershipOwned):
    """The value of a KPI for one period, identified by the period's first day."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("KPI"))
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(_("value"), max_digits=VALUE_MAX_DIGITS, decimal_places=VALUE_DECIMAL_PLACES)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["kpi", "period_start"]
        constraints = [models.UniqueConstraint(fields=["kpi", "period_start"], name="measurement_period_unique")]
        indexes = [models.Index(fields=["partnership", "period_start"])]

    def __str__(self):
        return f"{self.kpi}: {self.period_start} {self.value}"


class Evaluation(PartnershipOwned):
    """A traffic-light evaluation: respondents rate statements on four colours."""

    class Audience(models.TextChoices):
        INVITED = "invited", _("Invited respondents only")
        LINK = "link", _("Anyone with the link")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("who may answer"), max_length=10, choices=Audience.choices, default=Audience.INVITED)
    anonymous = models.BooleanField(_("anonymous answers"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    code = models.CharField(_("short code"), max_length=16, unique=True, default=token_new)
    organiser = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_evaluations",
        verbose_name=_("organiser"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="evaluation_key_unique")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("followup:evaluation_detail", args=[self.partnership.slug, self.key])


class Statement(PartnershipOwned):
    """A statement to rate. `theme` names the same statement across years so they can be compared;
    it is a short name as the organiser wrote it ("Styrning och ledning"), compared without regard
    to capitals or spaces (rules.theme_key)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="statements", verbose_name=_("evaluation")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("statement"))
    theme = models.CharField(_("theme"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["evaluation", "order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "order"], name="statement_order_unique")]

    def __str__(self):
        return self.text


class Respondent(PartnershipOwned):
    """A person invited to answer (a board or Core Team member), who answers logged in.

    It records whether they have answered, never what: their answers are a Ballot, linked back to
    them only when the evaluation is not anonymous (Ballot.respondent).
    """

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="respondents", verbose_name=_("evaluation")
    )
    key = models.SlugField(_("key"), max_length=80)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluation_invitations",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    # Yes or no, with no time: a time of answering would pair the invitation with the ballot saved then.
    answered = models.BooleanField(_("has answered"), default=False)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["evaluation", "key"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "key"], name="respondent_key_unique")]

    def __str__(self):
        return self.name or (self.person.name if self.person else self.key)


class Ballot(PartnershipOwned):
    """One respondent's answers to an evaluation, one Response per statement.

    `secret_hash` is the hash of a secret that only the respondent's browser holds (a cookie): with
    it they find and change their answers, and the database cannot tell whose they are. `respondent`
    is set only in an evaluation that is not anonymous, so that its results name who said what.
    The ballot keeps no time either (rules.py, ballot_secret_hash).
    """

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("evaluation")
    )
    secret_hash = models.CharField(_("hash of the respondent's secret"), max_length=64, unique=True)
    respondent = models.OneToOneField(
        Respondent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballot",
        verbose_name=_("respondent"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return f"{self.evaluation}: {self.pk}"


class Response(PartnershipOwned):
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="responses", verbose_name=_("statement")
    )
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="responses", verbose_name=_("answer"))
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    comment = models.TextField(_("comment"), blank=True)
    move_up = models.TextField(_("what would move it up"), blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["statement", "ballot"]
        constraints = [models.UniqueConstraint(fields=["statement", "ballot"], name="response_once_per_ballot")]

    def __str__(self):
        return f"{self.statement}: {self.get_colour_display()}"


class ImpactStory(PartnershipOwned):
    """A person's account of what the work changed (the quotes of seed 003)."""

    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=300, blank=True)
    person_name = models.CharField(_("person"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_stories",
        verbose_name=_("party"),
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_stories",
        verbose_name=_("initiative"),
    )
    focus_area = models.ForeignKey(
        "core.FocusArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="impact_stories",
        verbose_name=_("focus area"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    text = models.TextField(_("text"))
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("impact story")
        verbose_name_plural = _("impact stories")
        ordering = ["-year", "person_name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="impactstory_key_unique")]

    def __str__(self):
        return self.title or f"{self.person_name}, {self.organisation}"

    def get_absolute_url(self):
        return reverse("followup:story_detail", args=[self.partnership.slug, self.key])

    def policy_target(self):
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset([self.focus_area_id]) if self.focus_area_id else frozenset(),
        )


class Event(PartnershipOwned):
    class Kind(models.TextChoices):
        PITCH = "pitch", _("Pitch event")
        FORUM = "forum", _("Forum")
        LAB = "lab", _("Lab")
        LECTURE = "lecture", _("Lecture")
        OPEN_WORKSHOP = "open_workshop", _("Open workshop")
        CONFERENCE = "conference", _("Conference")
        OTHER = "other", _("Other")

    key = models.SlugField(_("key"), max_length=80)
    date = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    organisers = models.CharField(_("organisers"), max_length=300, blank=True)
    organizations = models.ManyToManyField(
        Organization, related_name="events", blank=True, verbose_name=_("organising parties")
    )
    focus_area = models.ForeignKey(
        "core.FocusArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("focus area"),
    )
    initiatives = models.ManyToManyField(
        "portfolio.Initiative", related_name="events", blank=True, verbose_name=_("initiatives")
    )
    registrations = models.PositiveIntegerField(_("registrations"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    evaluation_respondents = models.PositiveIntegerField(
        _("respondents to the event evaluation"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Whether the registrations and attendance were counted from Samsyn's own registration (the
    # public hub) rather than typed: set by selectors.events_counted, not stored.
    counted = False

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date", "title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="event_key_unique")]
        indexes = [models.Index(fields=["partnership", "date"])]

    def __str__(self):
        return self.title

    def policy_target(self):
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset([self.focus_area_id]) if self.focus_area_id else frozenset(),
        )


class EventFigure(PartnershipOwned):
    """One figure of an event's evaluation, e.g. 62.5 % found new ideas (kept exactly as Decimal)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="figures", verbose_name=_("event"))
    key = models.SlugField(_("key"), max_length=80)
    label = models.CharField(_("what was asked"), max_length=300)
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("event evaluation figure")
        verbose_name_plural = _("event evaluation figures")
        ordering = ["event", "order"]
        constraints = [models.UniqueConstraint(fields=["event", "key"], name="eventfigure_key_unique")]

    def __str__(self):
        return f"{self.label}: {format_percent(self.percent)}"


class FollowupPlanItem(PartnershipOwned):
    """A row of the follow-up and evaluation plan of a year (asked for by the board, seed 004)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    key = models.SlugField(_("key"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question = models.TextField(_("evaluation question"))
    method = models.TextField(_("method"), blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    responsible_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_plan_items",
        verbose_name=_("responsible person"),
    )
    timing = models.CharField(_("when"), max_length=200, blank=True)
    kpis = models.ManyToManyField(Kpi, related_name="plan_items", blank=True, verbose_name=_("KPIs"))
    evaluations = models.ManyToManyField(
        Evaluation, related_name="plan_items", blank=True, verbose_name=_("evaluations")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("follow-up plan item")
        verbose_name_plural = _("follow-up plan items")
        ordering = ["year", "order"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="followupplanitem_key_unique")]

    def __str__(self):
        return f"{self.year}: {self.question[:60]}"


class Attempt(models.Model):
    """One attempt counted against a limit of the answering pages (a new answer by the open link,
    a code that leads nowhere), by a keyed hash of the visitor's address, never the address itself.

    Kept in the database so that every app server counts the same attempts; rows older than the
    longest limit are deleted as new ones come. It belongs to no partnership: a wrong code names none.
    """

    scope = models.CharField(_("what was attempted"), max_length=20)
    key = models.CharField(_("hash of the visitor's address"), max_length=64)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self):
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M:%S}"
