"""Pages that belong to no section: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.territories.selectors import referential_release


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "www/home.html", {"release": referential_release()})
