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
