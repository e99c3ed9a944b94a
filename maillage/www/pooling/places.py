"""Pages of shared places: the places with a day's availability, a place, a space with its request form."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from maillage.memberships.rules import can
from maillage.places.eligibility import residents
from maillage.places.models import Place, Space
from maillage.places.selectors import (
    day_bookings,
    occupancy,
    place_by_slug,
    places_on_offer,
    spaces_on_offer,
    upcoming_closing_days,
)
from maillage.places.services import space_book
from maillage.search.params import page_number
from maillage.structures.models import Structure
from maillage.www.pooling.places_forms import DayForm, SlotRequestForm

PAGE_SIZE = 20


def _day(request: HttpRequest) -> tuple[DayForm, datetime.date]:
    form = DayForm(request.GET or None)
    day = form.cleaned_data.get("jour") if form.is_bound and form.is_valid() else None
    return form, day or timezone.localdate()


def place_list(request: HttpRequest) -> HttpResponse:
    form, day = _day(request)
    page = Paginator(places_on_offer(), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    spaces = [space for place in page.object_list for space in place.spaces.all()]
    schedule = day_bookings(spaces, day)
    rows = [(place, [(s, schedule.get(s.pk, [])) for s in place.spaces.all()]) for place in page.object_list]
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "page": page, "rows": rows, "day": day}
    return render(request, "www/pooling/places.html", context, status=status)


def _place_or_404(request: HttpRequest, slug: str) -> Place:
    place = place_by_slug(slug)
    if place is None or not can(request.user, "view", place):
        raise Http404("Lieu inconnu.")
    return place


def _month(request: HttpRequest, day: datetime.date) -> tuple[int, int]:
    """Read ?mois=AAAA-MM, the day's month otherwise (a wrong value falls back without an error)."""
    raw = request.GET.get("mois", "")
    try:
        first = datetime.date.fromisoformat(f"{raw}-01") if raw.isascii() else None
    except ValueError:
        first = None
    return (first.year, first.month) if first else (day.year, day.month)


def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = _place_or_404(request, slug)
    form, day = _day(request)
    spaces = list(spaces_on_offer().filter(place=place))
    schedule = day_bookings(spaces, day)
    manages = can(request.user, "manage", place)
    year, month = _month(request, day)
    context = {
        "place": place,
        "form": form,
        "day": day,
        "spaces": [(s, schedule.get(s.pk, [])) for s in spaces],
        "residents": list(residents(place)),
        "closing_days": upcoming_closing_days(place, timezone.localdate()),
        "manages": manages,
        "occupancy": occupancy(place, spaces, year, month) if manages else [],
        "month": datetime.date(year, month, 1),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "www/pooling/place.html", context, status=status)


def _space_or_404(request: HttpRequest, slug: str, pk: int) -> Space:
    space = spaces_on_offer().select_related("place", "place__owner").filter(pk=pk, place__slug=slug).first()
    if space is None or not can(request.user, "view", space):
        raise Http404("Espace inconnu.")
    return space


def _requesting_structures(request: HttpRequest, space: Space) -> QuerySet[Structure]:
    if not request.user.is_authenticated:
        return Structure.objects.none()
    return Structure.objects.filter(memberships__user=request.user).exclude(pk=space.place.owner_id)


def _minutes(span: datetime.timedelta) -> str:
    """Say a buffer in French: « 30 min », « 1 h », « 1 h 30 »."""
    hours, minutes = divmod(int(span.total_seconds()) // 60, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def space_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    space = _space_or_404(request, slug, pk)
    structures = _requesting_structures(request, space)
    form: Any
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = SlotRequestForm(request.POST, structures=structures)
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking = space_book(
                    space=space,
                    requester=data["requester"],
                    actor=request.user,
                    day=data["day"],
                    start=data["start"],
                    end=data["end"],
                    note=data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("pooling:booking", pk=booking.pk)
        status = 400
        day = form.cleaned_data.get("day") or timezone.localdate()
    else:
        _day_form, day = _day(request)
        form = SlotRequestForm(structures=structures, initial={"day": day})
    context = {
        "space": space,
        "place": space.place,
        "form": form,
        "day": day,
        "bookings": day_bookings([space], day).get(space.pk, []),
        "may_request": request.user.is_authenticated and structures.exists(),
        "buffer": _minutes(space.resource.buffer),
    }
    return render(request, "www/pooling/space.html", context, status=status)
