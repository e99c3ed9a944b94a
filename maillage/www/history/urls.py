"""Pages of the history section."""

from django.urls import URLPattern

app_name = "history"
urlpatterns: list[URLPattern] = []
