"""Root URL configuration: pages under www, JSON API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from maillage.api.router import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("maillage.www.urls")),
]
