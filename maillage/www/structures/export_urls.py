"""Downloads of any result set of the directory: CSV, GeoJSON, data·inclusion JSON."""

from django.urls import path  # noqa: F401 (routes are added with the views)

app_name = "structure_exports"
urlpatterns: list = []
