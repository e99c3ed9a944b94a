from django.urls import path

from maillage.www.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("<str:territory_id>/", views.detail, name="detail"),
    path("<str:territory_id>/carte.geojson", views.map_geojson, name="map_geojson"),
]
