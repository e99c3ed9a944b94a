"""Directory pages: /structures/ (list, map), /structures/<slug>/, network pages, cooperation graph."""

from django.urls import path

from maillage.www.structures import logo, views

app_name = "structures"
# Fixed paths before <slug>/: a structure cannot be reached at /structures/carte/ or /structures/graphe/.
urlpatterns = [
    path("", views.structure_list, name="list"),
    path("carte/", views.structure_map, name="map"),
    path("carte.json", views.map_data_json, name="map_data"),
    path("graphe/", views.graph, name="graph"),
    path("suggestions-territoires/", views.territory_options, name="territory_options"),
    path("<slug:slug>/", views.structure_detail, name="detail"),
    path("<slug:slug>/membres/", views.network_members, name="members"),
    path("<slug:slug>/logo/", logo.structure_logo, name="logo"),
]
