"""Pages of the site, by section."""

from django.urls import include, path

from maillage.www import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", health.health, name="health"),
    path("territoires/", include("maillage.www.territories.urls")),
    path("compte/", include("maillage.www.accounts.urls")),
    path("contribuer/", include("maillage.www.contributions.urls")),
    path("observatoire/", include("maillage.www.observatory.urls")),
    path("donnees/", include("maillage.www.opendata.urls")),
    path("enquetes/", include("maillage.www.surveys.urls")),
    path("alertes/", include("maillage.www.alerts.urls")),
    path("evenements/", include("maillage.www.events.urls")),
    path("conventions/", include("maillage.www.conventions.urls")),
    path("accompagnements/", include("maillage.www.accompaniment.urls")),
    path("ressources/", include("maillage.www.resources.urls")),
    path("initiatives/", include("maillage.www.initiatives.urls")),
    path("ptce/", include("maillage.www.initiatives.ptce_urls")),
    path("appels/", include("maillage.www.calls.urls")),
    path("embed/", include("maillage.www.embed.urls")),
    path("portail/", include("maillage.www.portals.urls")),
    path("entretien/", include("maillage.www.upkeep.urls")),
    path("qualite/", include("maillage.www.quality.urls")),
    path("mutualisation/", include("maillage.www.pooling.urls")),
    # Exports first: "export" would otherwise be read as a structure's slug.
    path("structures/export/", include("maillage.www.structures.export_urls")),
    path("dispositifs/", include("maillage.www.schemes.urls")),
    path("structures/<slug:slug>/dispositifs/", include("maillage.www.schemes.structure_urls")),
    # A record's history and its revert, before the directory's own <slug>/ pages.
    path("structures/<slug:slug>/historique/", include("maillage.www.history.urls")),
    path("structures/", include("maillage.www.structures.urls")),
]
