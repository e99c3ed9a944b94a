"""Upkeep of the directory: suspected duplicates and their merge, records to confirm."""

from django.urls import URLPattern

app_name = "upkeep"
urlpatterns: list[URLPattern] = []
