from django.urls import path

from maillage.www.territories import report, views

app_name = "territories"
urlpatterns = [
    path("", views.search, name="search"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("<str:territory_id>/", views.detail, name="detail"),
    path("<str:territory_id>/carte.geojson", views.map_geojson, name="map_geojson"),
    path("<str:territory_id>/diagnostic/", report.report, name="report"),
    path("<str:territory_id>/diagnostic.pdf", report.report_pdf, name="report_pdf"),
    path("<str:territory_id>/tableaux/<slug:table>.csv", views.table_csv_view, name="table_csv"),
]
