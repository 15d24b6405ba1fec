"""Focus areas, societal goals, perspectives, testbeds, initiatives and portfolios."""
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import Organization, PartnershipOwned, Period, Person


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
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="focusarea_slug_unique")]

    def __str__(self):
        return self.name


class SocietalGoal(PartnershipOwned):
    key = models.SlugField(_("key"), max_length=80)
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="societal_goals", verbose_name=_("focus area"))
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
    focus_area = models.ForeignKey(FocusArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="testbeds", verbose_name=_("focus area"))
    organization = models.ForeignKey(Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="testbeds", verbose_name=_("organisation"))

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
    focus_areas = models.ManyToManyField(FocusArea, related_name="initiatives", blank=True, verbose_name=_("focus areas"))
    societal_goals = models.ManyToManyField(SocietalGoal, related_name="initiatives", blank=True, verbose_name=_("societal goals"))
    perspectives = models.ManyToManyField(Perspective, related_name="initiatives", blank=True, verbose_name=_("perspectives"))
    owner = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_initiatives", verbose_name=_("initiative owner"))
    parties = models.ManyToManyField(Organization, related_name="initiatives", blank=True, verbose_name=_("parties"))
    partners = models.ManyToManyField(Organization, related_name="partner_initiatives", blank=True, verbose_name=_("other partners"))
    disciplines = models.ManyToManyField(Discipline, related_name="initiatives", blank=True, verbose_name=_("disciplines"))
    testbed = models.ForeignKey(Testbed, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives", verbose_name=_("testbed"))
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
        from samsyn.core.policy import Target

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
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, null=True, blank=True, related_name="portfolios", verbose_name=_("focus area"))
    testbed = models.ForeignKey(Testbed, on_delete=models.CASCADE, null=True, blank=True, related_name="portfolios", verbose_name=_("testbed"))
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="portfolios", verbose_name=_("initiative"))

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="portfolio_slug_unique")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        expected = {
            self.Owner.BOARD: (self.Level.MACRO, None),
            self.Owner.CORE_TEAM: (self.Level.MESO, "focus_area"),
            self.Owner.TESTBED: (self.Level.MICRO, "testbed"),
            self.Owner.INITIATIVE: (self.Level.MICRO, "initiative"),
        }.get(self.owner)
        if expected and expected[0] != self.level:
            raise ValidationError({"level": _("This owner holds a portfolio of another level.")})
        if expected and expected[1] and getattr(self, expected[1] + "_id") is None:
            raise ValidationError({expected[1]: _("Say which one owns the portfolio.")})
