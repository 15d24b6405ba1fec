"""What a partnership shows the world (samhällshubben): nothing is public until someone with the
right publishes it. The hub itself, each initiative's public summary and the news are records of
their own, so the internal records never reach a public page by accident."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import PartnershipOwned


class Hub(PartnershipOwned):
    """The partnership's public hub: shown at /hubb/<slug>/ only while published."""

    published = models.BooleanField(_("published"), default=False)
    introduction = models.TextField(_("introduction"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    class Meta:
        verbose_name = _("public hub")
        verbose_name_plural = _("public hubs")
        constraints = [models.UniqueConstraint(fields=["partnership"], name="hub_partnership_unique")]

    def __str__(self):
        return str(_("Public hub"))


class PublishedInitiative(PartnershipOwned):
    """An initiative as the hub shows it: a summary written for the public and a contact given with
    the person's consent. The initiative's own description, budget and documents stay internal."""

    initiative = models.OneToOneField(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="publication", verbose_name=_("initiative")
    )
    summary = models.TextField(_("public summary"))
    contact = models.CharField(_("public contact"), max_length=300, blank=True)
    published_on = models.DateField(_("published on"))

    class Meta:
        verbose_name = _("published initiative")
        verbose_name_plural = _("published initiatives")
        ordering = ["initiative__name"]

    def __str__(self):
        return self.initiative.name


class NewsItem(PartnershipOwned):
    """A piece of news on the hub; a draft until it has a publishing date on or before today."""

    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="newsitem_slug_unique")]

    def __str__(self):
        return self.title


class PublishedEvent(PartnershipOwned):
    """An event of the follow-up as the hub shows it, with registration when it is open."""

    event = models.OneToOneField(
        "followup.Event", on_delete=models.CASCADE, related_name="publication", verbose_name=_("event")
    )
    summary = models.TextField(_("public summary"))
    starts = models.TimeField(_("starts"), null=True, blank=True)
    ends = models.TimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: as many as want to come.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    published_on = models.DateField(_("published on"))

    class Meta:
        verbose_name = _("published event")
        verbose_name_plural = _("published events")
        ordering = ["event__date"]

    def __str__(self):
        return self.event.title


class Registration(PartnershipOwned):
    """A visitor's registration for a published event. It counts once the visitor has confirmed
    it from the e-mail (so that nobody is registered by someone else); beyond the places it waits
    in line and moves up when someone cancels."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        PublishedEvent, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation or programme"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["confirmed_at", "created_at", "pk"]

    def __str__(self):
        return self.name


class Challenge(PartnershipOwned):
    """A problem owner's challenge for students and researchers (utmaning): a thesis, a course
    project, a field study or a micro-job, published on the hub."""

    class Kind(models.TextChoices):
        THESIS = "thesis", _("Thesis")
        COURSE_PROJECT = "course_project", _("Course project")
        FIELD_STUDY = "field_study", _("Field study")
        MICRO_JOB = "micro_job", _("Micro-job")

    class Level(models.TextChoices):
        ANY = "any", _("Any level")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        RESEARCH = "research", _("Research")

    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THESIS)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.ANY)
    disciplines = models.ManyToManyField(
        "portfolio.Discipline", related_name="challenges", blank=True, verbose_name=_("disciplines")
    )
    period = models.CharField(_("period"), max_length=200, blank=True, help_text=_("For example: spring 2027."))
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("initiative"),
    )
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="challenges", verbose_name=_("problem owner")
    )
    contact = models.CharField(_("public contact"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="challenge_slug_unique")]

    def __str__(self):
        return self.title


class Interest(PartnershipOwned):
    """A student's or researcher's interest in a challenge. It reaches the problem owner once its
    sender has confirmed it from the e-mail; the owner answers it, and follows it to work begun."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        NEW = "new", _("new")
        ANSWERED = "answered", _("answered")
        STARTED = "started", _("work begun")
        CLOSED = "closed", _("closed")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="interests", verbose_name=_("challenge")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    programme = models.CharField(_("programme or subject"), max_length=200, blank=True)
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    # The day the work began: what the follow-up counts as a student or researcher involved.
    started_on = models.DateField(_("work begun on"), null=True, blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class OpenQuestion(PartnershipOwned):
    """An open question a published initiative asks everyone (perspektivinsamling): answers come
    in from the hub with no account, and none is shown until someone with the right approves it."""

    slug = models.SlugField(_("slug"), max_length=120)
    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="open_questions", verbose_name=_("initiative")
    )
    question = models.CharField(_("question"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Empty: a draft nobody outside sees. A later date: shown from that day."),
    )
    closes_on = models.DateField(
        _("last day to answer"), null=True, blank=True, help_text=_("Empty: open until you close it.")
    )
    answers_open = models.BooleanField(_("open for answers"), default=True)

    class Meta:
        verbose_name = _("open question")
        verbose_name_plural = _("open questions")
        ordering = ["-published_on", "question"]
        constraints = [models.UniqueConstraint(fields=["partnership", "slug"], name="openquestion_slug_unique")]

    def __str__(self):
        return self.question


class QuestionAnswer(PartnershipOwned):
    """A visitor's answer to an open question, from one of the partnership's perspectives or none.
    Name and e-mail are optional; the hub shows the text only, and only once it is approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    question = models.ForeignKey(
        OpenQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("answer"))
    perspective = models.ForeignKey(
        "portfolio.Perspective",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("perspective"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    moderated_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # The learning log's entry made from the answer, so that it is taken in once.
    learning_entry = models.OneToOneField(
        "portfolio.LearningEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learning entry"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Subscriber(PartnershipOwned):
    """An address that gets the hub's newsletter once its owner has confirmed it from the e-mail.
    Leaving the newsletter erases the address: nothing is kept of those who left."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("subscribing")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="subscribers", verbose_name=_("public hub"))
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["hub", "email"], name="subscriber_email_unique")]

    def __str__(self):
        return self.email
