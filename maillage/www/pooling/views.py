"""The pooling section's front page: what a person's structures lend, borrow and share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.bookings.selectors import bookings_for_user


def home(request: HttpRequest) -> HttpResponse:
    pending = []
    if request.user.is_authenticated:
        pending = list(bookings_for_user(request.user).filter(state="requested")[:10])
    return render(request, "www/pooling/home.html", {"pending": pending})
