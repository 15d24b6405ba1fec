"""A person's own login: accepting an invitation, a forgotten password, changing the password.

Django's own views and forms (SetPasswordForm, PasswordResetForm, PasswordChangeForm) with the
site's templates; each saved password is recorded in the audit history of the login's partnerships.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import QueuedPasswordResetForm
from .invitations import invitation_token_generator
from .services import password_set_record


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Django's set-password form behind a one-time link; afterwards the login page, saying how to log in."""

    reset_url_token = "valj-losenord"
    success_url = reverse_lazy("login")
    audit_action = ""

    def saved_message(self, user) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            password_set_record(user=form.user, action=self.audit_action)
        messages.success(self.request, self.saved_message(form.user))
        return response


class InvitationAcceptView(PasswordSetView):
    """An invitation's link, with the invitation's own tokens: the person chooses a password and
    then logs in with their e-mail address."""

    token_generator = invitation_token_generator
    template_name = "registration/invitation_accept.html"
    audit_action = "login.invitation_accept"

    def saved_message(self, user) -> str:
        return _("Your password is saved. Log in with your e-mail address %(username)s and the password.") % {
            "username": user.get_username()
        }


class PasswordResetConfirmView(PasswordSetView):
    """A "forgot password" link, with Django's password reset tokens."""

    template_name = "registration/password_reset_confirm.html"
    audit_action = "login.password_reset"

    def saved_message(self, user) -> str:
        return _("Your new password is saved. Log in with your user name %(username)s and the password.") % {
            "username": user.get_username()
        }


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for an e-mail address and sends a reset link if a login has it; the next page reads the
    same whether one does or not, so nobody learns which addresses have logins."""

    form_class = QueuedPasswordResetForm
    template_name = "registration/password_reset_form.html"


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("start")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            password_set_record(user=form.user, action="login.password_change")
        messages.success(self.request, _("Your password is changed."))
        return response
