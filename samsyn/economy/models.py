"""Models of the economy app: the records the finance appendix is computed from.

Money is integer öre (BigIntegerField) everywhere, never float; totals are never stored.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import PartnershipOwned, SpendingAuthority
from samsyn.core.spending import authority_label


class Financing(PartnershipOwned):
    """Money available to the partnership: a party's contribution for a year (seed 002 § 6) or a
    surplus carried over from an earlier period (seed 004: 4 150 000)."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Contribution")
        SURPLUS = "surplus", _("Surplus from an earlier period")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agreement = models.ForeignKey(
        "core.Agreement", on_delete=models.PROTECT, related_name="+", verbose_name=_("agreement")
    )
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("party")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        ordering = ["agreement", "kind", "organization", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "agreement", "kind", "organization", "year"], name="financing_unique"
            )
        ]


class CostLine(PartnershipOwned):
    """A line of the budget (budgetpost), named as in the partnership's own documents."""

    class Group(models.TextChoices):
        BASE = "base", _("Base budget")  # the lines under "Delsumma" / "Grundbudget"
        PILOT = "pilot", _("Pilot projects and seed money")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    group = models.CharField(_("group"), max_length=10, choices=Group.choices, default=Group.BASE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="costline_slug_unique")]

    def __str__(self):
        return self.name


class BudgetAllocation(PartnershipOwned):
    """Money allocated to a cost line for a decision year. A new decision adds a revision; the
    allocation as of a date is the latest revision decided on or before it (DOMAIN.md rule 6)."""

    cost_line = models.ForeignKey(
        CostLine, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("cost line")
    )
    year = models.PositiveSmallIntegerField(_("decision year"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    decided_on = models.DateField(_("decided on"))
    decision_ref = models.CharField(_("decision reference"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        ordering = ["cost_line", "year", "decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "cost_line", "year", "decided_on"], name="allocation_revision_unique"
            )
        ]


class Outcome(PartnershipOwned):
    """Money actually spent on a cost line (utfall)."""

    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personnel")
        OPERATIONS = "operations", _("Operations and consultants")
        OVERHEAD = "overhead", _("Overhead")
        UNSPECIFIED = "unspecified", _("Not specified")

    cost_line = models.ForeignKey(
        CostLine, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("cost line")
    )
    date = models.DateField(_("date"))
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, default=Category.UNSPECIFIED)
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    text = models.CharField(_("text"), max_length=300, blank=True)
    source_file = models.TextField(_("source file"), blank=True)
    # Identifies a row of an import (or a demo record) so that importing it again adds nothing.
    import_key = models.CharField(_("import key"), max_length=64)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["date", "cost_line"]
        constraints = [models.UniqueConstraint(fields=["partnership", "import_key"], name="outcome_import_key_unique")]
        # Covers the appendix's grouped sum, so the database reads the index only.
        indexes = [
            models.Index(
                fields=["partnership", "date", "cost_line", "category", "amount_ore"], name="outcome_appendix_cover"
            )
        ]


class Forecast(PartnershipOwned):
    """A forecast (prognos) of a cost line's spending in a year, made in a numbered round."""

    cost_line = models.ForeignKey(
        CostLine, on_delete=models.PROTECT, related_name="forecasts", verbose_name=_("cost line")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    round = models.PositiveSmallIntegerField(_("round"))
    made_on = models.DateField(_("made on"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["year", "round", "cost_line"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "cost_line", "year", "round"], name="forecast_round_unique")
        ]


class PilotGrant(PartnershipOwned):
    """Pilot and seed money decided for an initiative or a development area."""

    key = models.SlugField(_("key"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("development area"), max_length=200, blank=True)
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    decided_on = models.DateField(_("decided on"))
    decision_ref = models.CharField(_("decision reference"), max_length=300, blank=True)
    # Above the process leader's limit only the board decides, against an item of its meeting:
    # governance keeps that link (its PilotGrantDecision, here `board_decision`), as it sits above us.
    # The authority the spending check found when the decision was recorded here; empty for the
    # decisions recorded before Samsyn, whose documents do not say who decided ("unknown", never
    # taken as approved).
    authority = models.CharField(_("authority"), max_length=20, choices=SpendingAuthority.choices, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("pilot grant")
        verbose_name_plural = _("pilot grants")
        ordering = ["decided_on", "area", "title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="pilotgrant_key_unique")]

    def __str__(self):
        return self.title

    @property
    def authority_text(self) -> str:
        return authority_label(self.authority)


class GrantApplication(PartnershipOwned):
    """An application for external funding; a granted one becomes leverage."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")

    key = models.SlugField(_("key"), max_length=120)
    funder = models.CharField(_("funder"), max_length=200)
    call = models.CharField(_("call"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    applicants = models.ManyToManyField(
        "core.Organization", blank=True, related_name="+", verbose_name=_("applicant parties")
    )
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("initiative"),
    )
    amount_applied_ore = models.BigIntegerField(_("amount applied for (öre)"), null=True, blank=True)
    amount_granted_ore = models.BigIntegerField(_("amount granted (öre)"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["status", "funder", "title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="grantapplication_key_unique")]

    def __str__(self):
        return f"{self.funder}: {self.title}"


class Leverage(PartnershipOwned):
    """Money from others that the partnership's work brought in (uppväxling)."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("External")
        INTERNAL = "internal", _("Internal")

    key = models.SlugField(_("key"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source_name = models.CharField(_("source"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    # A report as of a date counts only the leverage decided by then (empty: taken as decided on
    # 31 December of its year).
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    application = models.OneToOneField(
        GrantApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leverage",
        verbose_name=_("application"),
    )
    source = models.TextField(_("reference"), blank=True)

    class Meta:
        verbose_name = _("leverage")
        verbose_name_plural = _("leverage")
        ordering = ["year", "kind", "title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="leverage_key_unique")]


class LeverageTarget(PartnershipOwned):
    """The yearly target for external leverage (operational goal V: at least 10 MSEK)."""

    year = models.PositiveSmallIntegerField(_("year"))
    amount_ore = models.BigIntegerField(_("amount (öre)"))
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("leverage target")
        verbose_name_plural = _("leverage targets")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "year"], name="leveragetarget_year_unique")]


class Academy(PartnershipOwned):
    """One of the university's academies that receives research money (UKK, HVV, EST, IDT)."""

    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("academy")
        verbose_name_plural = _("academies")
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="academy_code_unique")]

    def __str__(self):
        return self.code


class ResearchAllocation(PartnershipOwned):
    """Research money for an academy in a year: its budget and what has been booked (upptecknat)."""

    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("academy")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget_ore = models.BigIntegerField(_("budget (öre)"), default=0)
    booked_ore = models.BigIntegerField(_("booked (öre)"), default=0)
    # The day the booked figure was recorded: a report as of an earlier date does not see it.
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("research allocation")
        verbose_name_plural = _("research allocations")
        ordering = ["academy", "year"]
        constraints = [models.UniqueConstraint(fields=["partnership", "academy", "year"], name="research_year_unique")]


class PrintedFigure(PartnershipOwned):
    """A total as printed in one of the partnership's documents, kept to reconcile it with the
    total Samsyn computes from the records (DOMAIN.md rule 5). The data is never bent to match it.

    `measure` says what the figure sums: {"measure": "outcome" | "budget" | "leverage",
    "lines": [cost line slugs] or "group": "base" (none: every line), "year", "category", "kind"}."""

    key = models.SlugField(_("key"), max_length=120)
    document = models.CharField(_("document"), max_length=200)
    label = models.CharField(_("label"), max_length=300)
    as_of = models.DateField(_("as of"))
    measure = models.JSONField(_("measure"), default=dict)
    printed_ore = models.BigIntegerField(_("printed amount (öre)"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("printed figure")
        verbose_name_plural = _("printed figures")
        ordering = ["as_of", "key"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="printedfigure_key_unique")]


class PrintedTable(PartnershipOwned):
    """A table as an archived document printed it, every cell as printed (öre; None where the
    cell is empty or "-"), so that the reconciliation can find each row and column total that
    does not add up (DOMAIN.md rule 5). `document` is the document's diary number as typed
    ("SHK 2024/1"): the archive sits above this app, so the link is the number.

    `rows` are {"label", "values", "kind"} with kind "line", "group", "subtotal" or "total": a
    subtotal sums the lines since the previous subtotal, a total the subtotals and the lines not
    under one. `row_sums` are [column, [[column, sign], ...]]: a column that the row's other
    columns add up to (a sign of -1 subtracts)."""

    key = models.SlugField(_("key"), max_length=120)
    document = models.CharField(_("document"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    as_of = models.DateField(_("as of"))
    columns = models.JSONField(_("columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    row_sums = models.JSONField(_("row totals"), default=list, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    # Which table of the finance appendix prints the same figures, and how its columns and rows
    # meet the printed ones (see rules.printed_cells), so that every printed figure is compared.
    compares_with = models.CharField(_("compares with"), max_length=40, blank=True)
    column_map = models.JSONField(_("column map"), default=list, blank=True)
    row_map = models.JSONField(_("row map"), default=dict, blank=True)
    # Why a figure reads as it does, where the arithmetic does not tell: [{"row", "column", "text"}].
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        verbose_name = _("printed table")
        verbose_name_plural = _("printed tables")
        ordering = ["as_of", "key"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="printedtable_key_unique")]
