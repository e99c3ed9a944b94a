"""URL patterns, included by maillage.www.accounts.urls."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
