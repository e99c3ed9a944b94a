"""Alert pages: save a search (any registered kind), confirm the address, stop one alert or all of them."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from maillage.accounts.ratelimit import ratelimit
from maillage.alerts import services
from maillage.alerts.models import Alert, normalize_email
from maillage.alerts.registry import AlertKind, alert_kind
from maillage.www.alerts.forms import AlertForm

# The kind may come as `?type=<kind>` (a link built before the kind moved into the path); the value is
# read as a kind only when one is registered under it, so a search's own `type` parameter stays its own.
KIND_PARAMETER = "type"
CREATED_SESSION_KEY = "alerts:created"


def _kind_and_search(request: HttpRequest, kind_key: str | None) -> tuple[AlertKind, QueryDict]:
    search = request.GET.copy()
    if kind_key is None:
        values = search.getlist(KIND_PARAMETER)
        kinds = [v for v in values if alert_kind(v) is not None]
        if not kinds:
            raise Http404("Type d'alerte inconnu.")
        kind_key = kinds[0]
        search.setlist(KIND_PARAMETER, [v for v in values if v != kind_key])
    kind = alert_kind(kind_key)
    if kind is None:
        raise Http404("Type d'alerte inconnu.")
    return kind, search


def my_alerts(request: HttpRequest) -> HttpResponse:
    """List the signed-in person's alerts not stopped, each with its stop link."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = Q(user=request.user)
    # The alerts of the account's address once that address is confirmed: the same rule as the
    # creation's, which trusts the address without a second confirmation.
    if getattr(request.user, "email_confirmed_at", None) is not None and request.user.email:
        mine |= Q(email=normalize_email(request.user.email))
    alerts = Alert.objects.filter(mine, unsubscribed_at__isnull=True).order_by("-created_at", "-pk")
    return render(request, "www/alerts/mine.html", {"alerts": alerts})


def _alert(token: str) -> Alert:
    alert = Alert.objects.filter(token=token).first()
    if alert is None:
        raise Http404("Ce lien d'alerte n'existe pas ou plus.")
    return alert


@ratelimit("alerts-create", "10/h")
def alert_create(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    """Show the search to follow and ask for an address; save the alert and send its confirmation link."""
    registered, search = _kind_and_search(request, kind)
    if request.method == "POST":
        form = AlertForm(request.POST)
        search = QueryDict(request.POST.get("recherche", "")[:4000])
    else:
        email = request.user.email if request.user.is_authenticated else ""
        form = AlertForm(initial={"email": email, "recherche": search.urlencode()})
    context = {"kind": registered, "form": form}
    try:
        params = registered.parse(search)
    except ValueError as error:
        context["error"] = getattr(error, "message", str(error))
        return render(request, "www/alerts/create.html", context, status=400)
    context["description"] = registered.describe(params)
    context["search_query"] = urlencode(params, doseq=True)
    if request.method != "POST":
        return render(request, "www/alerts/create.html", context)
    if form.is_valid():
        try:
            alert = services.alert_create(
                email=form.cleaned_data["email"],
                kind=registered.key,
                params=params,
                frequency=form.cleaned_data["frequency"],
                actor=request.user,
                confirm_url=lambda a: request.build_absolute_uri(reverse("alerts:confirm", args=[a.token])),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # Post, redirect, get: reloading the next page must not create the alert twice.
            request.session[CREATED_SESSION_KEY] = alert.pk
            return redirect("alerts:created")
    return render(request, "www/alerts/create.html", context, status=400)


def alert_created(request: HttpRequest) -> HttpResponse:
    """Say what happens next to the alert this browser just created."""
    pk = request.session.get(CREATED_SESSION_KEY)
    alert = Alert.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if alert is None:
        raise Http404("Aucune alerte créée depuis ce navigateur.")
    return render(request, "www/alerts/created.html", {"alert": alert})


def alert_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Show a button that confirms the alert (a link alone would be followed by mail scanners)."""
    alert = _alert(token)
    done = False
    if request.method == "POST":
        services.alert_confirm(alert=alert)
        done = True
    return render(request, "www/alerts/confirm.html", {"alert": alert, "done": done})


def alert_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Show a button that stops this alert; stop it on POST."""
    alert = _alert(token)
    done = False
    if request.method == "POST":
        services.alert_unsubscribe(alert=alert)
        done = True
    return render(request, "www/alerts/unsubscribe.html", {"alert": alert, "done": done, "every": False})


# Mail programs POST "List-Unsubscribe=One-Click" here (RFC 8058) without any page or cookie: the token
# in the address is the proof, as in the e-mail's link.
@csrf_exempt
def address_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Show a button that stops every alert of the address; stop them on POST (one click from the mail)."""
    alert = _alert(token)
    done = False
    if request.method == "POST":
        services.address_unsubscribe(alert=alert)
        done = True
    return render(request, "www/alerts/unsubscribe.html", {"alert": alert, "done": done, "every": True})
