"""Directory pages: /structures/ (list, map), /structures/<slug>/, network pages."""

from django.urls import path  # noqa: F401 (routes are added with the views)

app_name = "structures"
urlpatterns: list = []
