"""Widgets under /embed/: the only pages other sites may frame (see middleware)."""

from django.urls import path

from maillage.www.embed import snippets, views

app_name = "embed"
urlpatterns = [
    path("", snippets.snippets, name="snippets"),
    path("structures/", views.structures_widget, name="structures"),
    path("carte/", views.map_widget, name="map"),
    path("reseau/<slug:slug>/", views.network_widget, name="network"),
    path("territoire/<str:territory_id>/", views.territory_widget, name="territory"),
    path("agenda/", views.agenda_widget, name="agenda"),
    path("ouvrir/<str:kind>/", views.open_link, name="open"),
]
