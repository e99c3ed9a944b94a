"""Sign-up, e-mail confirmation, login in one or two steps (password, then code), logout."""

import time
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from maillage.accounts.authentication import LoginOutcome, LoginStatus, login_check, login_code_check
from maillage.accounts.forms import CodeForm, EmailForm, LoginForm, SignUpForm
from maillage.accounts.lockout import login_attempt_record
from maillage.accounts.models import User
from maillage.accounts.otp import confirmed_device
from maillage.accounts.ratelimit import client_ip, hit, parse_rate, too_many_requests
from maillage.accounts.services import email_confirmation_resend, user_confirm_email, user_sign_up
from maillage.accounts.tokens import email_confirmation_next, email_confirmation_user

# The password was right and the account asks for a code: who, through which backend, since when.
PENDING_SESSION_KEY = "accounts_login_pending"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
INVALID_LOGIN = "Adresse électronique ou mot de passe incorrect."


def rate_limited(request: HttpRequest, group: str) -> HttpResponse | None:
    """Return a 429 if this client sent too many POSTs to this group of pages, else None."""
    rate = settings.RATE_LIMITS[group]
    if request.method == "POST" and not hit(group, client_ip(request), rate):
        return too_many_requests(parse_rate(rate)[1])
    return None


def site_url(request: HttpRequest) -> str:
    """Return the scheme and host the visitor used, for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def safe_next_path(request: HttpRequest, candidate: str | None = None) -> str:
    """Return `next` if it is a path of this site (never another host, never "//…"), else ""."""
    candidate = candidate or request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=set(), require_https=False)
    ):
        return candidate[:1000]
    return ""


def next_url(request: HttpRequest, candidate: str | None = None) -> str:
    """Return where to go after logging in: `next` if it stays on this site, else "Mon espace"."""
    candidate = candidate or request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def locked_message(outcome: LoginOutcome) -> str:
    """Say that logins are suspended and until when, without telling whether the account exists."""
    until = date_format(localtime(outcome.locked_until), "H\\hi") if outcome.locked_until else ""
    return (
        "Trop de tentatives de connexion ont échoué pour cette adresse ou depuis votre réseau : "
        f"pour votre sécurité, les connexions sont suspendues jusqu'à {until}. "
        "Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser."
    )


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if (refused := rate_limited(request, "signup")) is not None:
        return refused
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            display_name=form.cleaned_data["display_name"],
            site_url=site_url(request),
            next_path=safe_next_path(request),
        )
        return redirect("accounts:signup_done")
    return render(request, "www/accounts/signup.html", {"form": form, "next": safe_next_path(request)})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "www/accounts/check_mail.html", {"reason": "signup"})


@never_cache
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    user = email_confirmation_user(token)
    if user is None:
        return render(request, "www/accounts/confirm_invalid.html", {"form": EmailForm()}, status=400)
    user_confirm_email(user=user, site_url=site_url(request))
    if confirmed_device(user) is not None:  # never logs in around a second factor
        messages.success(request, "Votre adresse est confirmée : vous pouvez vous connecter.")
        return redirect("accounts:login")
    auth_login(request, user, backend=MODEL_BACKEND)
    login_attempt_record(email=user.email, ip_address=client_ip(request) or None, succeeded=True)
    messages.success(request, "Votre adresse est confirmée : bienvenue sur maillage !")
    # Back to where the person was going when they signed up (a claim, an invitation…).
    return redirect(safe_next_path(request, email_confirmation_next(token)) or "accounts:dashboard")


@require_http_methods(["GET", "POST"])
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    if (refused := rate_limited(request, "resend_confirmation")) is not None:
        return refused
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        email_confirmation_resend(email=form.cleaned_data["email"], site_url=site_url(request))
        return render(request, "www/accounts/check_mail.html", {"reason": "resend"})
    return render(request, "www/accounts/resend_confirmation.html", {"form": form})


def _finish_login(
    request: HttpRequest, outcome: LoginOutcome, backend: str, destination: str
) -> HttpResponse:
    auth_login(request, outcome.user, backend=backend)
    if outcome.device is not None:
        django_otp.login(request, outcome.device)
    return redirect(destination)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if (refused := rate_limited(request, "login")) is not None:
        return refused
    form = LoginForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "next": next_url(request)}
    if request.method != "POST" or not form.is_valid():
        return render(request, "www/accounts/login.html", context)
    outcome = login_check(
        request=request, email=form.cleaned_data["email"], password=form.cleaned_data["password"]
    )
    if outcome.status is LoginStatus.LOGGED_IN:
        return _finish_login(request, outcome, str(outcome.user.backend), next_url(request))
    if outcome.status is LoginStatus.CODE_REQUIRED:
        request.session[PENDING_SESSION_KEY] = {
            "user": outcome.user.pk,
            "backend": outcome.user.backend,
            "since": time.time(),
            "next": next_url(request),
        }
        return redirect("accounts:login_code")
    status = 200
    if outcome.status is LoginStatus.LOCKED:
        form.add_error(None, locked_message(outcome))
        status = 429
    elif outcome.status is LoginStatus.UNCONFIRMED:
        context["unconfirmed_email"] = form.cleaned_data["email"]
    else:
        form.add_error(None, INVALID_LOGIN)
    return render(request, "www/accounts/login.html", context, status=status)


def _pending_user(request: HttpRequest) -> tuple[User | None, dict[str, Any]]:
    pending = request.session.get(PENDING_SESSION_KEY) or {}
    if time.time() - float(pending.get("since", 0)) > settings.ACCOUNTS_OTP_STEP_MAX_AGE_SECONDS:
        return None, {}
    return User.objects.filter(pk=pending.get("user"), is_active=True).first(), pending


@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    if (refused := rate_limited(request, "login")) is not None:
        return refused
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_SESSION_KEY, None)
        messages.info(
            request, "La connexion a expiré : saisissez à nouveau votre adresse et votre mot de passe."
        )
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "www/accounts/login_code.html", {"form": form})
    outcome = login_code_check(request=request, user=user, token=form.cleaned_data["token"])
    if outcome.status is LoginStatus.LOGGED_IN:
        request.session.pop(PENDING_SESSION_KEY, None)
        return _finish_login(request, outcome, pending["backend"], next_url(request, pending.get("next")))
    if outcome.status is LoginStatus.LOCKED:
        request.session.pop(PENDING_SESSION_KEY, None)
        form.add_error(None, locked_message(outcome))
        return render(request, "www/accounts/login_code.html", {"form": form}, status=429)
    form.add_error(
        "token", "Ce code n'est pas le bon, ou il a expiré : saisissez le code affiché maintenant."
    )
    return render(request, "www/accounts/login_code.html", {"form": form})


class LogoutView(auth_views.LogoutView):
    """Log out on POST only (a link or an image cannot log someone out), then say so."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "Vous êtes déconnecté·e.")
        return response
