"""Societal goals, perspectives, testbeds, initiatives and portfolios."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.colours import Colour
from samsyn.core.lib.urls import reverse
from samsyn.core.models import FocusArea, Organization, PartnershipOwned, Period, Person
from samsyn.core.policy import Target


class SocietalGoal(PartnershipOwned):
    key = models.SlugField(_("key"), max_length=80)
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="societal_goals", verbose_name=_("focus area")
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("societal goal")
        verbose_name_plural = _("societal goals")
        ordering = ["focus_area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="societalgoal_key_unique")]

    def __str__(self):
        return self.text


class Perspective(PartnershipOwned):
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    board_priority = models.BooleanField(_("prioritised by the board"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="perspective_slug_unique")]

    def __str__(self):
        return self.name


class Discipline(PartnershipOwned):
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="discipline_name_unique")]

    def __str__(self):
        return self.name


class Testbed(PartnershipOwned):
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testbeds",
        verbose_name=_("focus area"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testbeds",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("testbed")
        verbose_name_plural = _("testbeds")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="testbed_slug_unique")]

    def __str__(self):
        return self.name


class Phase(models.TextChoices):
    EXPLORING = "exploring", _("Being explored")
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    PHASE_1 = "phase_1", _("Phase 1")
    PHASE_2 = "phase_2", _("Phase 2")
    COMPLETED = "completed", _("Completed")


class Initiative(PartnershipOwned, Period):
    slug = models.SlugField(_("slug"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.EXPLORING, db_index=True)
    focus_areas = models.ManyToManyField(
        FocusArea, related_name="initiatives", blank=True, verbose_name=_("focus areas")
    )
    societal_goals = models.ManyToManyField(
        SocietalGoal, related_name="initiatives", blank=True, verbose_name=_("societal goals")
    )
    perspectives = models.ManyToManyField(
        Perspective, related_name="initiatives", blank=True, verbose_name=_("perspectives")
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_initiatives",
        verbose_name=_("initiative owner"),
    )
    parties = models.ManyToManyField(Organization, related_name="initiatives", blank=True, verbose_name=_("parties"))
    partners = models.ManyToManyField(
        Organization, related_name="partner_initiatives", blank=True, verbose_name=_("other partners")
    )
    disciplines = models.ManyToManyField(
        Discipline, related_name="initiatives", blank=True, verbose_name=_("disciplines")
    )
    testbed = models.ForeignKey(
        Testbed, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives", verbose_name=_("testbed")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="initiative_slug_unique")]
        indexes = [models.Index(fields=["partnership", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portfolio:initiative_detail", args=[self.partnership.slug, self.slug])

    def policy_target(self):
        # .all() reads the prefetch cache when the selector filled it.
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset(fa.pk for fa in self.focus_areas.all()) if self.pk else frozenset(),
            owner_person_id=self.owner_id,
        )


class Portfolio(PartnershipOwned):
    class Level(models.TextChoices):
        MACRO = "macro", _("Macro (the board's strategic portfolio)")
        MESO = "meso", _("Meso (a focus area's portfolio)")
        MICRO = "micro", _("Micro (a testbed's or an initiative's portfolio)")

    class Owner(models.TextChoices):
        BOARD = "board", _("The board")
        CORE_TEAM = "core_team", _("Core Team")
        TESTBED = "testbed", _("Testbed")
        INITIATIVE = "initiative", _("Initiative")

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    owner = models.CharField(_("owned by"), max_length=20, choices=Owner.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portfolios",
        verbose_name=_("focus area"),
    )
    testbed = models.ForeignKey(
        Testbed, on_delete=models.CASCADE, null=True, blank=True, related_name="portfolios", verbose_name=_("testbed")
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="portfolios",
        verbose_name=_("initiative"),
    )

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="portfolio_slug_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        expected_by_owner: dict[str, tuple[str, str | None]] = {
            self.Owner.BOARD: (self.Level.MACRO, None),
            self.Owner.CORE_TEAM: (self.Level.MESO, "focus_area"),
            self.Owner.TESTBED: (self.Level.MICRO, "testbed"),
            self.Owner.INITIATIVE: (self.Level.MICRO, "initiative"),
        }
        expected = expected_by_owner.get(self.owner)
        if expected and expected[0] != self.level:
            raise ValidationError({"level": _("This owner holds a portfolio of another level.")})
        if expected and expected[1] and getattr(self, expected[1] + "_id") is None:
            raise ValidationError({expected[1]: _("Say which one owns the portfolio.")})


class PhaseChange(PartnershipOwned):
    """An initiative entered `phase` on `date`, on the strength of a decision.

    The history is the truth; Initiative.phase mirrors the latest entry so that lists
    need no subquery. Only services.initiative_move_phase writes either.
    """

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phase_changes", verbose_name=_("initiative")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    date = models.DateField(_("date"))
    decision = models.CharField(_("decision it rests on"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["partnership", "date"]), models.Index(fields=["initiative", "date"])]

    def __str__(self):
        return f"{self.initiative}: {self.get_phase_display()} {self.date}"


class Layer(models.TextChoices):
    """Rows of the whole-portfolio matrix (helhetsportfölj, end of seed 001)."""

    FOCUS_AREAS = "focus_areas", _("Focus areas and initiatives")
    PROCESSES = "processes", _("Processes and tools")
    COMPETENCE = "competence", _("Competence and capacity")
    SCIENCE = "science", _("Science and research")
    RELATIONAL = "relational", _("Relational infrastructure")
    OPERATIONAL = "operational", _("Operational and administrative")
    CULTURE = "culture", _("Organisational culture and strategy")


class Ring(models.TextChoices):
    """Columns of the matrix: the rings of actors, from the individual outwards."""

    INDIVIDUAL = "individual", _("Individual")
    PROCESS_SUPPORT = "process_support", _("Process support")
    ENABLING_TEAMS = "enabling_teams", _("Enabling teams")
    STRATEGIC_PARTIES = "strategic_parties", _("Strategic parties")
    PARTNERS = "partners", _("Collaboration partners")
    WIDER_NETWORK = "wider_network", _("Wider network")


class Stage(models.TextChoices):
    """The cycle across the top of the matrix."""

    EXPLORE = "explore", _("Explores societal challenges")
    DEVELOP = "develop", _("Develops interwoven initiatives")
    MEASURE = "measure", _("Measures impact")
    EVALUATE = "evaluate", _("Evaluates")
    COMMUNICATE = "communicate", _("Communicates")


class MatrixItem(PartnershipOwned):
    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Initiative")
        METHOD = "method", _("Method or tool")
        COMPETENCE = "competence", _("Competence effort")
        NETWORK = "network", _("Network or consortium")
        AGREEMENT = "agreement", _("Agreement or financing")
        PRINCIPLE = "principle", _("Principle")
        OTHER = "other", _("Other")

    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="matrix_items", verbose_name=_("portfolio")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matrix_items",
        verbose_name=_("initiative"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matrix_items",
        verbose_name=_("focus area"),
    )
    layer = models.CharField(_("layer"), max_length=20, choices=Layer.choices)
    ring = models.CharField(_("ring of actors"), max_length=20, choices=Ring.choices)
    stage = models.CharField(_("stage of the cycle"), max_length=20, choices=Stage.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("matrix item")
        verbose_name_plural = _("matrix items")
        ordering = ["layer", "ring", "order", "title"]

    def __str__(self):
        return self.title

    def policy_target(self):
        return Target(
            partnership_id=self.partnership_id,
            focus_area_ids=frozenset({self.focus_area_id}) if self.focus_area_id else frozenset(),
        )


class DecisionProposal(PartnershipOwned):
    """A Core Team's beslutsunderlag: items proposed for its focus area's portfolio."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("focus area")
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    period = models.CharField(_("period"), max_length=60, blank=True, help_text=_("e.g. vt 2024"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("decision proposal")
        verbose_name_plural = _("decision proposals")
        ordering = ["-date", "title"]

    def __str__(self):
        return self.title

    def policy_target(self):
        return Target(partnership_id=self.partnership_id, focus_area_ids=frozenset({self.focus_area_id}))


class BudgetSource(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary budget")
    PILOT = "pilot", _("Pilot budget")


class ProposalItem(PartnershipOwned):
    class Kind(models.TextChoices):
        RUNNING = "running", _("Already running")
        NEW = "new", _("New proposal")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEFERRED = "deferred", _("Deferred")

    proposal = models.ForeignKey(
        DecisionProposal, on_delete=models.CASCADE, related_name="items", verbose_name=_("proposal")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    proposal_text = models.TextField(_("proposal"), blank=True)
    description = models.TextField(_("description"), blank=True)
    context = models.TextField(_("context to start in"), blank=True)
    party_resources = models.TextField(_("resources from the parties"), blank=True)
    # Money in öre: exact on every database.
    budget_ore = models.BigIntegerField(_("process-support budget (öre)"), null=True, blank=True)
    budget_note = models.CharField(_("budget note"), max_length=300, blank=True)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal_items",
        verbose_name=_("initiative"),
    )
    target_phase = models.CharField(_("phase if approved"), max_length=20, choices=Phase.choices, default=Phase.PHASE_1)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("decided by")
    )
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("proposal item")
        verbose_name_plural = _("proposal items")
        ordering = ["proposal", "order", "pk"]

    def __str__(self):
        return self.name


class ProposalFunding(PartnershipOwned):
    """How a proposal's total is financed: ordinary budget and pilot budget.

    The seed gives only the split of the total (472 000 + 800 000), not per item, so the
    split is recorded as the Core Team wrote it and reconciled against the items' sum.
    """

    proposal = models.ForeignKey(
        DecisionProposal, on_delete=models.CASCADE, related_name="funding", verbose_name=_("proposal")
    )
    source = models.CharField(_("budget"), max_length=10, choices=BudgetSource.choices)
    amount_ore = models.BigIntegerField(_("amount (öre)"))

    class Meta:
        verbose_name = _("proposal funding")
        verbose_name_plural = _("proposal funding")
        ordering = ["proposal", "source"]
        constraints = [models.UniqueConstraint(fields=["proposal", "source"], name="proposalfunding_source_unique")]


class Relation(PartnershipOwned):
    class Kind(models.TextChoices):
        BUILDS_ON = "builds_on", _("builds on")
        STRENGTHENS = "strengthens", _("strengthens")
        SHARES_TESTBED = "shares_testbed", _("shares a testbed with")
        LEARNS_FROM = "learns_from", _("learns from")

    source = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("initiative")
    )
    target = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("related initiative")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="relation_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="relation_not_self"),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


class LearningEntry(PartnershipOwned):
    class Kind(models.TextChoices):
        INSIGHT = "insight", _("Insight")
        LESSON = "lesson", _("Lesson")
        MICRO_ACTION = "micro_action", _("Micro-action")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="learning", verbose_name=_("initiative")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    author = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("author"))
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("learning entry")
        verbose_name_plural = _("learning log")
        ordering = ["-date", "-pk"]


class StatusUpdate(PartnershipOwned):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_updates", verbose_name=_("initiative")
    )
    date = models.DateField(_("date"))
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices)
    text = models.CharField(_("short text"), max_length=500)
    author = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("author"))

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["initiative", "date"])]
