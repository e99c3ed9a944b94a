"""Pages of a booking: its state, its history, and the steps its two sides may take."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.bookings import services
from maillage.bookings.enums import BookingState
from maillage.bookings.models import Booking
from maillage.bookings.periods import describe
from maillage.bookings.selectors import bookings_for_user, bookings_with_relations
from maillage.concurrency.versions import StaleWriteError
from maillage.lending import services as lending
from maillage.lending.models import ConditionReport, Dispute
from maillage.memberships.rules import can
from maillage.search.params import page_number
from maillage.www.pooling.forms import CancelForm, ChainForm, DisputeForm, ReportForm, StepForm

PAGE_SIZE = 30


@login_required
def booking_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(bookings_for_user(request.user), PAGE_SIZE).get_page(
        page_number(request.GET.get("page"))
    )
    rows = [(b, describe(b.start, b.end, b.resource.unit)) for b in page.object_list]
    return render(request, "www/pooling/bookings.html", {"page": page, "rows": rows})


def _booking_or_404(request: HttpRequest, pk: int) -> Booking:
    booking = bookings_with_relations().filter(pk=pk).first()
    if booking is None or not can(request.user, "view", booking):
        raise Http404("Réservation inconnue.")
    return booking


def _next_bookings(booking: Booking) -> list[Booking]:
    return list(
        Booking.objects.filter(
            resource=booking.resource_id, state=BookingState.ACCEPTED, start__gte=booking.start
        )
        .exclude(pk=booking.pk)
        .select_related("requester")
        .order_by("start")
    )


def _is_item(booking: Booking) -> bool:
    return hasattr(booking.resource, "item")


@login_required
def booking_detail(
    request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    decides = can(request.user, "decide", booking)
    cancels = can(request.user, "cancel", booking)
    state = booking.state
    nexts = _next_bookings(booking) if state == BookingState.HANDED_OVER and (decides or cancels) else []
    forms = forms or {}
    initial = {"version": booking.version}
    is_item = _is_item(booking)
    context = {
        "booking": booking,
        "period": describe(booking.start, booking.end, booking.resource.unit),
        "events": booking.events.select_related("actor").order_by("at", "pk"),
        "reports": ConditionReport.objects.filter(booking=booking).select_related("next_booking__requester"),
        "dispute": Dispute.objects.filter(booking=booking).first(),
        "is_item": is_item,
        "accept": forms.get("accept", StepForm(initial=initial, prefix="accept"))
        if decides and state == "requested"
        else None,
        "refuse": forms.get("refuse", StepForm(initial=initial, prefix="refuse"))
        if decides and state == "requested"
        else None,
        "hand_over": forms.get(
            "hand_over",
            ReportForm(initial={**initial, "complete": True, "working": True}, prefix="hand_over"),
        )
        if decides and state == "accepted"
        else None,
        "chain": forms.get(
            "chain",
            ChainForm(
                initial={**initial, "complete": True, "working": True}, next_bookings=nexts, prefix="chain"
            ),
        )
        if nexts and is_item
        else None,
        "give_back": forms.get(
            "give_back",
            ReportForm(initial={**initial, "complete": True, "working": True}, prefix="give_back"),
        )
        if decides and state == "handed_over"
        else None,
        "close": forms.get("close", StepForm(initial=initial, prefix="close"))
        if decides and state == "returned"
        else None,
        "cancel": forms.get("cancel", CancelForm(initial=initial, prefix="cancel"))
        if cancels and state in ("requested", "accepted")
        else None,
        "open_dispute": forms.get("open_dispute", DisputeForm())
        if decides and is_item and state in ("returned", "closed") and not hasattr(booking, "dispute")
        else None,
    }
    return render(request, "www/pooling/booking.html", context, status=status)


STEPS = {
    "accepter": ("accept", StepForm),
    "refuser": ("refuse", StepForm),
    "remettre": ("hand_over", ReportForm),
    "passer": ("chain", ChainForm),
    "rendre": ("give_back", ReportForm),
    "clore": ("close", StepForm),
    "annuler": ("cancel", CancelForm),
}


def _run(name: str, booking: Booking, request: HttpRequest, data: dict[str, Any]) -> None:
    """Call the service of the step with the form's data (permission checked before)."""
    version, user = data.get("version"), request.user
    report = {
        "complete": data.get("complete", False),
        "working": data.get("working", False),
        "remarks": data.get("remarks", ""),
        "photo": data.get("photo"),
    }
    if name == "accept":
        services.booking_accept(booking=booking, actor=user, expected_version=version)
    elif name == "refuse":
        services.booking_refuse(booking=booking, actor=user, note=data["note"], expected_version=version)
    elif name == "close":
        services.booking_close(booking=booking, actor=user, expected_version=version)
    elif name == "cancel":
        services.booking_cancel(booking=booking, actor=user, reason=data["note"], expected_version=version)
    elif name == "hand_over":
        if _is_item(booking):
            lending.loan_hand_over(booking=booking, actor=user, **report)
        else:
            services.booking_hand_over(booking=booking, actor=user, expected_version=version)
    elif name == "give_back":
        if _is_item(booking):
            lending.loan_return(booking=booking, actor=user, **report)
        else:
            services.booking_return(booking=booking, actor=user, expected_version=version)
    elif name == "chain":
        following = Booking.objects.select_related("resource").get(pk=data["next_booking"])
        lending.loan_chain(booking=booking, next_booking=following, actor=user, **report)


@login_required
@require_POST
def booking_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("Étape inconnue.")
    booking = _booking_or_404(request, pk)
    name, form_class = STEPS[step]
    allowed = can(request.user, "cancel" if name in ("cancel", "chain") else "decide", booking)
    if name == "chain":
        allowed = allowed or can(request.user, "decide", booking)
    if not allowed:
        raise PermissionDenied("Cette étape revient à l'autre partie de la réservation.")
    kwargs: dict[str, Any] = {"next_bookings": _next_bookings(booking)} if name == "chain" else {}
    form = form_class(request.POST, request.FILES, prefix=name, **kwargs)
    status = 400
    if form.is_valid():
        if booking.version != form.cleaned_data["version"]:
            form.add_error(
                None, StaleWriteError(current=booking, expected_version=form.cleaned_data["version"])
            )
            status = 409
        else:
            try:
                _run(name, booking, request, form.cleaned_data)
            except StaleWriteError as error:
                form.add_error(None, error)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, f"Réservation : {Booking.objects.get(pk=pk).get_state_display().lower()}."
                )
                return redirect("pooling:booking", pk=pk)
    return booking_detail(request, pk, forms={name: form}, status=status)


@login_required
@require_POST
def dispute_open(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_or_404(request, pk)
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            dispute = lending.dispute_open(
                booking=booking, actor=request.user, description=form.cleaned_data["description"]
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("pooling:dispute", pk=dispute.pk)
    return booking_detail(request, pk, forms={"open_dispute": form}, status=400)


@login_required
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = (
        Dispute.objects.select_related("booking__resource__owner", "booking__requester", "before", "after")
        .filter(pk=pk)
        .first()
    )
    if dispute is None or not can(request.user, "view", dispute):
        raise Http404("Litige inconnu.")
    return render(request, "www/pooling/dispute.html", {"dispute": dispute, "booking": dispute.booking})


@login_required
@require_POST
def report_countersign(request: HttpRequest, pk: int) -> HttpResponse:
    report = ConditionReport.objects.select_related("booking", "next_booking").filter(pk=pk).first()
    if report is None or not can(request.user, "view", report):
        raise Http404("État des lieux inconnu.")
    try:
        lending.report_countersign(report=report, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "État des lieux contresigné.")
    return redirect("pooling:booking", pk=report.booking_id)
