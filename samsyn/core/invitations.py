"""Invitations and password links: Django's token machinery, links for e-mails, the messages.

An invitation is a one-time link to Django's set-password form, made by InvitationTokenGenerator:
Django's PasswordResetTokenGenerator with its own salt, so that an invitation's link and a
password reset's link cannot stand in for each other. Both hash the login's password, so a link
stops working once a password has been set with it. A login made by an invitation has the
person's e-mail address, lower-cased, as its user name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from samsyn.core.lib.urls import reverse

from .mail import mail_queue
from .models import OutgoingMessage, Partnership, Person


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "samsyn.core.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        """Django's check, with the invitation's own time limit (SAMSYN_INVITATION_DAYS) in place of
        PASSWORD_RESET_TIMEOUT, which Django's method reads from the settings itself."""
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.SAMSYN_INVITATION_DAYS * 24 * 3600:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_token_generator = InvitationTokenGenerator()


def username_for_email(email: str) -> str:
    """The user name of an invited login: the e-mail address, lower-cased (people type it either way)."""
    return email.strip().lower()


def site_url(path: str) -> str:
    """An absolute address on this site, for an e-mail (SAMSYN_BASE_URL)."""
    return settings.SAMSYN_BASE_URL + path


def invitation_url(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return site_url(
        reverse("invitation_accept", kwargs={"uidb64": uidb64, "token": invitation_token_generator.make_token(user)})
    )


def invitation_mail_queue(*, person: Person, partnership: Partnership, user: User) -> OutgoingMessage:
    """The invitation to `partnership` (in Swedish): a link to choose a password, or, for a login
    that has one already (invited to another partnership before), the link to log in."""
    with translation.override("sv"):
        values = {"partnership": partnership.name, "username": user.get_username()}
        if user.has_usable_password():
            paragraphs = [
                _("You have been given access to %(partnership)s in Samsyn.") % values,
                _("Log in as before, with the user name %(username)s and your password.") % values,
            ]
            link_url, link_label = site_url(reverse("login")), _("Log in to Samsyn")
        else:
            days = settings.SAMSYN_INVITATION_DAYS
            paragraphs = [
                _("You have been invited to %(partnership)s in Samsyn.") % values,
                _("Follow the link to choose a password. The link can be used once and works for %(days)s days.")
                % {"days": days},
                _("Afterwards you log in with your e-mail address %(username)s as your user name.") % values,
            ]
            link_url, link_label = invitation_url(user), _("Choose a password")
        return mail_queue(
            to=[person.email],
            subject=_("Invitation to %(partnership)s in Samsyn") % values,
            template="core/mail/message",
            context={
                "greeting": _("Hello %(name)s,") % {"name": person.name},
                "paragraphs": paragraphs,
                "link_url": link_url,
                "link_label": link_label,
                "partnership_name": partnership.name,
            },
            partnership=partnership,
        )


def password_reset_mail_queue(*, user: User, uidb64: str, token: str) -> OutgoingMessage:
    """The message with a link to choose a new password (Django's reset form asks for it)."""
    with translation.override("sv"):
        link = site_url(reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}))
        return mail_queue(
            to=[user.email],
            subject=_("Choose a new password for Samsyn"),
            template="core/mail/message",
            context={
                "greeting": _("Hello,"),
                "paragraphs": [
                    _("Someone asked to choose a new password for the login %(username)s in Samsyn.")
                    % {"username": user.get_username()},
                    _("Follow the link to choose a new password. If it was not you, you can ignore this message."),
                ],
                "link_url": link,
                "link_label": _("Choose a new password"),
            },
        )
