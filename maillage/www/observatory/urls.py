"""Pages of the observatory section."""

from django.urls import path  # noqa: F401

app_name = "observatory"
urlpatterns: list = []
