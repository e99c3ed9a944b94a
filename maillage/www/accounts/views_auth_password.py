"""Password reset by e-mail and password change: Django's views, French pages, mail sent after commit."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from maillage.accounts.forms import ConfirmingSetPasswordForm, PasswordResetMailForm
from maillage.www.accounts.views_auth import rate_limited


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetMailForm
    template_name = "www/accounts/password_reset_form.html"
    email_template_name = "emails/accounts_password_reset.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (refused := rate_limited(request, "password_reset")) is not None:
            return refused
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "www/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ConfirmingSetPasswordForm
    template_name = "www/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "www/accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "www/accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "www/accounts/password_change_done.html"
