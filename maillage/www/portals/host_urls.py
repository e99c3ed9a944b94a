"""The URL conf of a portal's own host name: the portal at the root, the rest of the site beside it."""

from django.urls import URLPattern, URLResolver, include, path

from maillage import urls as site_urls
from maillage.www.portals import pages

portal_patterns = [
    path("", pages.home, name="home"),
    path("carte/", pages.map_page, name="map"),
    path("agenda/", pages.agenda_page, name="agenda"),
    path("ressources/", pages.resources_page, name="resources"),
    path("observatoire/", pages.observatory_page, name="observatory"),
    path("export/<str:kind>/", pages.export, name="export"),
    path("logo/", pages.logo, name="logo"),
]
# The portal's pages first: "/" is the portal's front page here; every other page of the site still
# answers (and its links still reverse) for a visitor who follows one.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include((portal_patterns, "portal_host"))),
    *site_urls.urlpatterns,
]
