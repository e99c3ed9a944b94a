"""Downloads of any result set of the directory: CSV, GeoJSON, data·inclusion JSON."""

from django.urls import path

from maillage.www.structures import exports

app_name = "structure_exports"
urlpatterns = [
    path("csv/", exports.csv_export, name="csv"),
    path("geojson/", exports.geojson_export, name="geojson"),
    path("data-inclusion/", exports.data_inclusion_export, name="data_inclusion"),
    path("fichier/<str:token>/", exports.prepared_export, name="prepared"),
]
