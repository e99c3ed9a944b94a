"""A person's own space ("Mon espace") and the set-up of the optional second factor."""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.accounts.forms import CodeForm
from maillage.accounts.otp import (
    confirmed_device,
    otp_offered_to,
    qr_code_svg,
    secret_text,
    totp_device_confirm,
    totp_device_disable,
    totp_device_pending,
)
from maillage.accounts.selectors import user_space
from maillage.contributions.desk import coordination_desk
from maillage.contributions.reviewers import pending_for_author
from maillage.contributions.selectors import invitations_for

WRONG_CODE = "Ce code n'est pas le bon, ou il a expiré : saisissez le code affiché maintenant."


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    space = user_space(request.user)
    coordinates = space.is_coordinator or request.user.is_superuser
    context = {
        "space": space,
        "pending_requests": pending_for_author(request.user),
        "invitations": invitations_for(request.user),
        "desk": coordination_desk(request.user) if coordinates else None,
    }
    return render(request, "www/accounts/dashboard.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not otp_offered_to(user):
        return render(request, "www/accounts/otp_not_offered.html", status=403)
    device = confirmed_device(user)
    form = CodeForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid():
            if totp_device_disable(device=device, token=form.cleaned_data["token"]):
                messages.success(request, "La double authentification est désactivée.")
                return redirect("accounts:dashboard")
            form.add_error("token", WRONG_CODE)
        return render(request, "www/accounts/otp_active.html", {"form": form})
    pending = totp_device_pending(user=user)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=pending, token=form.cleaned_data["token"]):
            # This session just proved the second factor: it counts as verified.
            django_otp.login(request, pending)
            messages.success(
                request, "La double authentification est activée : elle sera demandée à chaque connexion."
            )
            return redirect("accounts:dashboard")
        form.add_error("token", WRONG_CODE)
    context = {"form": form, "qr_svg": qr_code_svg(pending), "secret": secret_text(pending)}
    return render(request, "www/accounts/otp_setup.html", context)
