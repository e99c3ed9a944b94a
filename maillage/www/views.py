"""Pages that belong to no section: the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.www.front_door import front_door


def home(request: HttpRequest) -> HttpResponse:
    """Say what maillage holds and does: counts, the map, entry points, latest changes, sources."""
    door = front_door()
    return render(request, "www/home.html", {"door": door, "release": door.release})
