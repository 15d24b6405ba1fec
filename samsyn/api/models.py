from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.core.models import PartnershipOwned

from . import rules


class ApiToken(PartnershipOwned):
    """A person's key to the API of one partnership: it acts with its owner's roles there, no more,
    and writes only with the write scope. Only the token's SHA-256 is stored."""

    class Scope(models.TextChoices):
        READ = rules.READ, _("Read")
        WRITE = rules.WRITE, _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    hint = models.CharField(_("beginning of the token"), max_length=20)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # What the history and the token list call it: its name and the beginning people see.
        return f"{self.name} ({self.hint}…)" if self.name else f"{self.hint}…"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class ApiTokenUse(PartnershipOwned):
    """One request made with a token: when, what, and the answer's status (the compact use log;
    writes are also in the audit history, by the services that make them)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses", verbose_name=_("API token"))
    at = models.DateTimeField(_("time"), default=timezone.now)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))

    class Meta:
        verbose_name = _("use of an API token")
        verbose_name_plural = _("uses of API tokens")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="apitokenuse_latest")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.method} {self.path} {self.status}"
