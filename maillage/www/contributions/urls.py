"""Pages of the contributions section."""

from django.urls import path  # noqa: F401

app_name = "contributions"
urlpatterns: list = []
