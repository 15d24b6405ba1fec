"""Partnerships, organisations, people and their roles.

Every record belongs to exactly one Partnership. A login (Django's User) may be
linked to a Person in several partnerships; it sees a partnership only through
the Person it has there.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import FOCUS_AREA_ROLES, Role
from .signin import domains_invalid, domains_parse, issuer_acceptable


class Partnership(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SpendingAuthority(models.TextChoices):
    """Who a spending decision rested on; the values are samsyn.core.agreement's authorities."""

    PROJECT_LEADER = "project_leader", _("Project leader")
    PROCESS_LEADER = "process_leader", _("Process leader")
    BOARD = "board", _("The board")


class PartnershipOwned(models.Model):
    """Base for every record of a partnership: the tenant key is never optional."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="+", verbose_name=_("partnership")
    )

    class Meta:
        abstract = True


class Period(models.Model):
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})

    def is_active(self, on=None):
        on = on or timezone.localdate()
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @staticmethod
    def active_q(on, prefix=""):
        return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": on})) & (
            Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
        )


class Organization(PartnershipOwned):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")
        COMPANY = "company", _("Company")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        OTHER = "other", _("Other")

    key = models.SlugField(_("key"))
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    former_names = models.JSONField(_("former names"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="organization_key_unique")]

    def __str__(self):
        return self.name


class Membership(PartnershipOwned, Period):
    """An organisation is a party (part) of the partnership for a period."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["start"]

    def __str__(self):
        return f"{self.organization} {self.start or ''}–{self.end or ''}"


class Agreement(PartnershipOwned, Period):
    key = models.SlugField(_("key"))
    title = models.CharField(_("title"), max_length=300)
    parties = models.ManyToManyField(Organization, related_name="agreements", verbose_name=_("parties"), blank=True)
    # Spending authority (appendix 1, 4.1 and 4.3), in öre: data per agreement, not code.
    limit_project_leader_ore = models.BigIntegerField(_("spending limit of a project leader (öre)"), default=5_000_000)
    limit_process_leader_ore = models.BigIntegerField(
        _("spending limit of the process leader (öre)"), default=20_000_000
    )
    # The membership fee table (seed 002, appendix 3) is the agreement's FeeBand rows; together the
    # municipalities' fees may not exceed this cap (empty: no cap).
    municipal_fees_cap_ore = models.BigIntegerField(
        _("cap on the municipalities' fees together (öre)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="agreement_key_unique")]

    def __str__(self):
        return self.title


class FeeBand(PartnershipOwned):
    """A row of an agreement's membership fee table: a municipality of at least `min_population`
    inhabitants pays `fee_ore` a year, which a cap may reduce to no less than `floor_ore`."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="fee_bands", verbose_name=_("agreement")
    )
    min_population = models.PositiveIntegerField(_("from population"))
    fee_ore = models.BigIntegerField(_("yearly fee (öre)"))
    floor_ore = models.BigIntegerField(_("lowest fee after reduction (öre)"))

    class Meta:
        verbose_name = _("fee band")
        verbose_name_plural = _("membership fee table")
        ordering = ["agreement", "-min_population"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "agreement", "min_population"], name="feeband_unique")
        ]

    def __str__(self):
        return f"{self.agreement}: {self.min_population}"

    def clean(self):
        super().clean()
        if self.fee_ore is not None and self.floor_ore is not None and self.floor_ore > self.fee_ore:
            raise ValidationError({"floor_ore": _("The lowest fee cannot be higher than the fee.")})


class Person(PartnershipOwned):
    key = models.SlugField(_("key"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("login"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="person_key_unique"),
            # One person per login and partnership: the login's identity there.
            models.UniqueConstraint(fields=["partnership", "user"], name="person_user_unique"),
        ]

    def __str__(self):
        return self.name


# A focus area lives in core because roles (a Core Team per focus area) and every app above refer to it.
class FocusArea(PartnershipOwned):
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=200)
    former_name = models.CharField(_("former name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        ordering = ["order", "name"]
        # The table was created by the portfolio app; keeping its name kept the move a change of state only.
        db_table = "portfolio_focusarea"
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="focusarea_slug_unique")]

    def __str__(self):
        return self.name


class RoleAssignment(PartnershipOwned, Period):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("focus area"),
    )
    # The party the person represents in this role (a board member for Västerås stad).
    party = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("party"),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["person__name", "role"]
        indexes = [models.Index(fields=["partnership", "person"])]

    def __str__(self):
        return f"{self.person}: {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.role in FOCUS_AREA_ROLES and self.focus_area_id is None:
            raise ValidationError({"focus_area": _("A Core Team member belongs to a focus area.")})


class AuditEntry(PartnershipOwned):
    """Who changed what, when, before and after; written in the same transaction as the change."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["partnership", "object_type", "object_id"]),
            # The start page's "latest changes" reads the newest entries of one partnership.
            models.Index(fields=["partnership", "-at"], name="auditentry_latest"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"


class OutgoingMessage(models.Model):
    """An e-mail as it will be sent, kept until it has been: a failed send is tried again later.

    The whole message (addresses, subject, both parts, attachments) is stored before any attempt, so
    that a mail server that is down or refuses loses nothing; the background task sends by id. Not
    tied to a partnership by force: a message about a login (a password reset) belongs to none.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partnership"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content": base64}]: an .ics invitation, a PDF agenda.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # Extra header lines, {"List-Unsubscribe": "<https://…>"}: what a mail program offers beside the text.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # When the next attempt may start; an attempt in progress moves it forward (see mail.message_send).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_due")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.recipients)}"


class ReminderSent(PartnershipOwned):
    """That a person was reminded of one thing on a day: `samsyn remind` reminds of it again only
    when the rule says enough days have passed (core.reminders.reminder_due)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    # What was reminded of: a kind such as "assignment" and the thing's id in its own table.
    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object id"))
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_on", "person_id", "kind", "object_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "object_id", "sent_on"], name="remindersent_unique")
        ]

    def __str__(self):
        return f"{self.person_id} {self.kind} {self.object_id} {self.sent_on}"


class SignInService(PartnershipOwned):
    """An OpenID Connect provider the partnership's people sign in with ("Logga in med Västerås stad"),
    alongside passwords: a party's Entra ID or any other, for the e-mail domains it speaks for.

    The client secret is written, never shown: the register's form leaves it empty, and the audit
    history says only that it was set or changed (core.administration.snapshot)."""

    name = models.CharField(_("organisation"), max_length=120)
    issuer = models.URLField(_("issuer"), max_length=300)
    client_id = models.CharField(_("client id"), max_length=300)
    client_secret = models.CharField(_("client secret"), max_length=500)
    email_claim = models.CharField(_("claim with the e-mail address"), max_length=60, default="email")
    email_domains = models.TextField(_("e-mail domains"))
    active = models.BooleanField(_("shown on the login page"), default=True)

    class Meta:
        verbose_name = _("sign-in service")
        verbose_name_plural = _("sign-in services")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="signinservice_name_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if self.issuer and not issuer_acceptable(self.issuer):
            errors["issuer"] = str(
                _("The issuer must be an https address without a query (http only on this machine).")
            )
        domains = domains_parse(self.email_domains)
        if not domains:
            errors["email_domains"] = str(_("Name at least one e-mail domain, such as mdu.se."))
        elif domains_invalid(domains):
            errors["email_domains"] = str(_("Not a domain name: %(domains)s.")) % {
                "domains": ", ".join(domains_invalid(domains))
            }
        if errors:
            raise ValidationError(errors)
        self.issuer = self.issuer.rstrip("/")
        self.email_domains = ", ".join(domains)
        self.email_claim = self.email_claim.strip()


class ExternalIdentity(PartnershipOwned):
    """A login's account at a sign-in service's provider (its issuer and subject): linked the first
    time its person signs in there, by the e-mail address the provider vouches for."""

    service = models.ForeignKey(
        SignInService, on_delete=models.CASCADE, related_name="identities", verbose_name=_("sign-in service")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities", verbose_name=_("login")
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("id at the provider"), max_length=255)
    email = models.EmailField(_("e-mail"), blank=True)
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        ordering = ["issuer", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "issuer", "subject"], name="externalidentity_unique")
        ]

    def __str__(self):
        return f"{self.email or self.subject} ({self.service})"
