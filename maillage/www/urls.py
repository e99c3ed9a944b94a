"""Pages of the site, by section."""

from django.urls import include, path

from maillage.www import views

urlpatterns = [
    path("", views.home, name="home"),
    path("territoires/", include("maillage.www.territories.urls")),
    # Exports first: "export" would otherwise be read as a structure's slug.
    path("structures/export/", include("maillage.www.structures.export_urls")),
    path("structures/", include("maillage.www.structures.urls")),
]
