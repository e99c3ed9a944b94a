"""Personal data pages: what is processed, the JSON export, account deletion, personal API keys."""

import datetime
import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts.api_tokens import SCOPES, token_create, token_revoke, user_tokens
from maillage.accounts.models import ApiToken
from maillage.accounts.personal_data import delete_account, export_user_data, sole_managed_structures
from maillage.accounts.ratelimit import ratelimit

# How long the platform keeps what, as stated on the privacy page.
LOGIN_ATTEMPTS_DAYS = 30
INACTIVE_ACCOUNT_YEARS = 3


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour vous y retrouver : « script du réseau », « tableur de suivi »…",
    )
    scopes = forms.MultipleChoiceField(
        label="Portées",
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une portée."},
    )
    expires_on = forms.DateField(
        label="Expire le (facultatif)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Le jeton cesse de servir à la fin de ce jour. Sans date, il sert jusqu'à sa révocation.",
    )

    def clean_expires_on(self) -> datetime.date | None:
        expires_on: datetime.date | None = self.cleaned_data.get("expires_on")
        if expires_on is not None and expires_on < timezone.localdate():
            raise ValidationError("Choisissez une date à venir (ou laissez vide).")
        return expires_on

    def expires_at(self) -> datetime.datetime | None:
        """Return the end of the chosen day, in the site's time zone."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Votre mot de passe actuel",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError("Mot de passe incorrect : votre compte n'a pas été supprimé.")
        return password


def privacy(request: HttpRequest) -> HttpResponse:
    """Say what the platform processes about people, why, for how long, and how to exercise one's rights."""
    return render(
        request,
        "www/accounts/data/privacy.html",
        {
            "contact_email": getattr(settings, "MAILLAGE_CONTACT_EMAIL", ""),
            "login_attempts_days": LOGIN_ATTEMPTS_DAYS,
            "inactive_account_years": INACTIVE_ACCOUNT_YEARS,
        },
    )


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    """Explain the download of one's data and offer it."""
    return render(request, "www/accounts/data/export.html", {"login_attempts_days": LOGIN_ATTEMPTS_DAYS})


@login_required
def data_export_json(request: HttpRequest) -> HttpResponse:
    """Send everything held about the logged-in person as a JSON file."""
    data = export_user_data(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="maillage-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"'
    )
    # Personal data: no copy left in a shared cache or the browser's.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@ratelimit("account-delete", "10/m")
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the logged-in person's account once they typed their password."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        delete_account(request.user)
        logout(request)
        messages.success(
            request,
            "Votre compte a été supprimé, avec vos données personnelles. "
            "Les fiches publiques des structures restent en ligne.",
        )
        return redirect("home")
    return render(
        request,
        "www/accounts/data/delete.html",
        {"form": form, "sole_managed": list(sole_managed_structures(request.user))},
        status=400 if form.is_bound else 200,
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List the person's API keys and create one; a new key is shown in clear on this answer only."""
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    created = None
    if request.method == "POST" and form.is_valid():
        created = token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(),
        )
        form = TokenCreateForm()
    response = render(
        request,
        "www/accounts/data/tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": list(user_tokens(request.user)),
            "scope_labels": SCOPES,
            "now": timezone.now(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
    # The clear key must not stay in any cache: this answer is the only place it ever appears.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the person's keys."""
    try:
        token = token_revoke(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as error:
        raise Http404("Jeton inconnu.") from error
    messages.success(request, f"Le jeton « {token.name} » est révoqué : il ne sert plus.")
    return redirect("accounts:tokens")
