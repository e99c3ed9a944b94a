"""Agenda pages: the filtered list, an event with its programme and registration, cancellation by link."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from maillage.events.enums import EventKind, RegistrationStatus
from maillage.events.jsonld import event_jsonld
from maillage.events.models import EventSeries, Registration
from maillage.events.registrations import registration_cancel, registration_create
from maillage.events.rules import EXPORT_REGISTRATIONS, VIEW
from maillage.events.selectors import agenda as agenda_events
from maillage.events.selectors import event_for_page, organisers_of, parse_filters, partners_of, series_events
from maillage.memberships.rules import can
from maillage.search.params import ParameterError, page_number
from maillage.www.events.forms import RegistrationForm
from maillage.www.structures.detail import json_ld_script

PAGE_SIZE = 20


def agenda(request: HttpRequest) -> HttpResponse:
    """List the public events, filtered by territory, type, discipline, network, dates and words."""
    try:
        filters = parse_filters(request.GET)
    except ParameterError as error:
        return render(
            request, "www/events/list.html", {"error": error.message, "kinds": EventKind.choices}, status=400
        )
    page = Paginator(agenda_events(filters), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "www/events/list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": EventKind.choices,
            "get": request.GET,
            "kept": kept.urlencode(),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show an event: dates, place, organisers, programme, its calendar link and the registration form."""
    event = event_for_page(slug)
    if event is None or not can(request.user, VIEW, event):
        raise Http404("Événement introuvable.")
    return _render_detail(request, event, RegistrationForm(event=event, user=request.user))


def _render_detail(
    request: HttpRequest, event: object, form: RegistrationForm, status: int = 200
) -> HttpResponse:
    base_url = request.build_absolute_uri("/")[:-1]
    return render(
        request,
        "www/events/detail.html",
        {
            "event": event,
            "organisers": organisers_of(event),  # type: ignore[arg-type]
            "partners": partners_of(event),  # type: ignore[arg-type]
            "form": form,
            "json_ld": json_ld_script(event_jsonld(event, base_url=base_url)),  # type: ignore[arg-type]
            "may_export": can(request.user, EXPORT_REGISTRATIONS, event),
        },
        status=status,
    )


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register the person to the event or one of its sessions; say whether they have a seat or wait."""
    event = event_for_page(slug)
    if event is None or not can(request.user, VIEW, event):
        raise Http404("Événement introuvable.")
    form = RegistrationForm(request.POST, event=event, user=request.user)
    if not form.is_valid():
        return _render_detail(request, event, form, status=400)
    try:
        registration = registration_create(
            actor=request.user,
            event=event,
            session=form.cleaned_data["session"],
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            structure_name=form.cleaned_data["structure_name"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_detail(request, event, form, status=409)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, "Votre inscription est confirmée : un courriel vous le confirme.")
    else:
        messages.info(
            request,
            "Toutes les places sont prises : vous êtes en liste d'attente, un courriel vous le confirme.",
        )
    return HttpResponseRedirect(event.get_absolute_url())


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Ask to confirm the cancellation (GET: a link in a mail must not cancel by itself), then cancel."""
    registration = Registration.objects.select_related("event", "session").filter(token=token[:64]).first()
    if registration is None or registration.erased_at is not None:
        raise Http404("Inscription introuvable.")
    if request.method == "POST":
        registration = registration_cancel(token=registration.token)
        if registration is None:
            raise Http404("Inscription introuvable.")
        messages.success(request, "Votre inscription est annulée.")
        return HttpResponseRedirect(registration.event.get_absolute_url())
    return render(request, "www/events/cancel.html", {"registration": registration})


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a series and its events in order."""
    series = get_object_or_404(EventSeries, slug=slug)
    return render(
        request, "www/events/series.html", {"series": series, "events": list(series_events(series))}
    )


def registrations_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Give the organisers the list of registrants (name, e-mail, structure, status) as CSV."""
    event = event_for_page(slug)
    if event is None or not can(request.user, EXPORT_REGISTRATIONS, event):
        raise Http404("Événement introuvable.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.slug}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with its mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["nom", "courriel", "structure", "séance", "état", "inscrit le"])
    rows = Registration.objects.filter(event=event, erased_at__isnull=True).select_related("session")
    for r in rows.exclude(status=RegistrationStatus.CANCELLED):
        writer.writerow(
            [
                r.name,
                r.email,
                r.structure_name,
                r.session.title if r.session else "",
                r.get_status_display(),
                r.created_at.date().isoformat(),
            ]
        )
    return response
