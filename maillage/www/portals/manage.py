"""Opening and configuring a portal: coordinators and PTCE managers open one, its owners alone change it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.portals.models import Portal
from maillage.portals.rules import EDIT, may_open_portal
from maillage.portals.services import portal_create, portal_update
from maillage.www.portals.forms import PortalForm, initial_of


def _render(
    request: HttpRequest, form: PortalForm, portal: Portal | None, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(request, "portals/edit.html", {"form": form, "portal": portal, **extra}, status=status)


def _report(form: PortalForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Open a portal; its author becomes its first owner."""
    if not may_open_portal(request.user):
        raise PermissionDenied(
            "Seuls les coordinateurs de réseau ou de territoire et les PTCE ouvrent un portail."
        )
    if request.method != "POST":
        return _render(request, PortalForm(initial={"sections": ["annuaire", "carte"]}), None)
    form = PortalForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, None, status=400)
    data = form.cleaned_data
    try:
        portal = portal_create(
            actor=request.user,
            slug=data["slug"],
            disciplines=data["disciplines"],
            highlighted=data["highlighted"],
            excluded=data["excluded"],
            **form.service_fields(),
        )
    except ValidationError as error:
        _report(form, error)
        return _render(request, form, None, status=400)
    return HttpResponseRedirect(portal.get_absolute_url())


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a portal's settings; someone else's change since the form was read answers 409."""
    portal = Portal.objects.filter(slug=slug[:80]).first()
    if portal is None:
        raise Http404("Ce portail n'existe pas.")
    if not can(request.user, EDIT, portal):
        raise PermissionDenied("Seuls les responsables du portail le modifient.")
    if request.method != "POST":
        return _render(request, PortalForm(initial=initial_of(portal)), portal)
    form = PortalForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, portal, status=400)
    data = form.cleaned_data
    if data["slug"] != portal.slug:
        form.add_error(
            "slug", "L'adresse courte d'un portail ne change pas : les liens des partenaires y mènent."
        )
        return _render(request, form, portal, status=400)
    try:
        portal_update(
            actor=request.user,
            portal=portal,
            expected_version=data["version"] if data["version"] is not None else portal.version,
            disciplines=data["disciplines"],
            highlighted=data["highlighted"],
            excluded=data["excluded"],
            **form.service_fields(),
        )
    except StaleWriteError as error:
        current = error.current
        form.add_error(None, error.messages)
        return _render(request, form, portal, status=409, current=current)
    except ValidationError as error:
        _report(form, error)
        return _render(request, form, portal, status=400)
    return HttpResponseRedirect(portal.get_absolute_url())
