"""Pages of the observatory section."""

from django.urls import URLPattern

app_name = "observatory"
urlpatterns: list[URLPattern] = []
