"""Coordinations given by the site's team from the site, by e-mail address (never by a raw account id)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from maillage.contributions.coordinations import STAFF_ONLY, coordination_give, coordination_remove
from maillage.contributions.models import CoordinationInvitation
from maillage.memberships.models import COORDINATED_KINDS, NetworkCoordinator, TerritoryCoordinator
from maillage.memberships.services import is_staff
from maillage.search.normalize import search_key
from maillage.search.params import id_or_none
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from maillage.www.contributions.common import add_service_errors, forbidden, site_url

MAX_LISTED = 500


class NetworkField(forms.ModelChoiceField):
    """A network chosen in a list: its name shown, its id read as ASCII digits only."""

    def label_from_instance(self, obj: object) -> str:
        return str(getattr(obj, "name", obj))

    def to_python(self, value: object) -> object:
        if value not in self.empty_values and id_or_none(str(value)) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class CoordinationForm(forms.Form):
    """The address of the person, and the network or the territory they will coordinate."""

    email = forms.EmailField(
        label="Adresse électronique de la personne",
        error_messages={"required": "Indiquez l'adresse.", "invalid": "Cette adresse n'est pas valide."},
    )
    network = NetworkField(
        label="Réseau",
        queryset=Structure.objects.filter(kind__in=COORDINATED_KINDS, withdrawn_at__isnull=True).only(
            "pk", "name"
        ),
        required=False,
        empty_label="— aucun (coordination d'un territoire) —",
        error_messages={"invalid_choice": "Choisissez un réseau de la liste."},
    )
    territory = forms.CharField(
        label="Ou territoire",
        required=False,
        max_length=200,
        help_text="Son nom (« Loire », « Auvergne-Rhône-Alpes ») ou son code (DEP-42, REG-84).",
    )

    def clean_territory(self) -> Territory | None:
        text = self.cleaned_data["territory"].strip()
        if not text:
            return None
        found = list(Territory.objects.filter(pk=text.upper(), is_current=True)[:1]) or list(
            Territory.objects.filter(search_name=search_key(text), is_current=True)[:2]
        )
        if not found:
            raise ValidationError(f"Aucun territoire ne s'appelle « {text[:60]} ».")
        if len(found) > 1:
            raise ValidationError("Plusieurs territoires portent ce nom : indiquez son code (DEP-42…).")
        return found[0]

    def clean(self) -> dict[str, object] | None:
        data = super().clean() or {}
        if not self.errors and (data.get("network") is None) == (data.get("territory") is None):
            raise ValidationError("Choisissez un réseau ou un territoire, l'un des deux.")
        return data


def _role(kind: str, raw: str) -> NetworkCoordinator | TerritoryCoordinator | None:
    pk = id_or_none(raw)
    if pk is None:
        return None
    model = NetworkCoordinator if kind == "network" else TerritoryCoordinator
    return model.objects.select_related("user").filter(pk=pk).first()


@login_required
def coordinations(request: HttpRequest) -> HttpResponse:
    """List the coordinators and the invitations; give a coordination by address, or end one, on POST."""
    if not is_staff(request.user):
        return forbidden(request, STAFF_ONLY)
    form = CoordinationForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "give":
                form = CoordinationForm(request.POST)
                if form.is_valid():
                    given = coordination_give(
                        email=form.cleaned_data["email"],
                        network=form.cleaned_data["network"],
                        territory=form.cleaned_data["territory"],
                        actor=request.user,
                        site_url=site_url(request),
                    )
                    messages.success(
                        request,
                        f"{given.email} coordonne désormais ce périmètre ; un courriel le lui explique."
                        if given.granted
                        else f"{given.email} n'a pas encore de compte : une invitation lui est envoyée, "
                        "le rôle lui sera attribué dès son adresse confirmée.",
                    )
                    return redirect("contributions:coordinations")
                status = 400
            elif action in ("remove_network", "remove_territory"):
                role = _role(action.removeprefix("remove_"), request.POST.get("role", ""))
                if role is None:
                    messages.error(request, "Cette coordination n'existe plus.")
                    return redirect("contributions:coordinations")
                coordination_remove(role=role, actor=request.user)
                messages.success(request, f"La coordination de {role.user.email} est retirée.")
                return redirect("contributions:coordinations")
            else:
                messages.error(request, "Action inconnue.")
                status = 400
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 400
    context = {
        "form": form,
        "networks": NetworkCoordinator.objects.select_related("user", "network").order_by(
            "network__name", "user__email"
        )[:MAX_LISTED],
        "territories": TerritoryCoordinator.objects.select_related("user", "territory").order_by(
            "territory__name", "user__email"
        )[:MAX_LISTED],
        "invitations": CoordinationInvitation.objects.filter(accepted_at__isnull=True)
        .select_related("network", "territory")
        .order_by("-created_at")[:MAX_LISTED],
    }
    return render(request, "www/contributions/coordinations.html", context, status=status)
