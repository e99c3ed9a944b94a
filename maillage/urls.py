"""Root URL configuration: pages under www, JSON API under /api/v1/."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from maillage.api.router import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("maillage.www.urls")),
]
# Uploaded logos in development; a deployed site serves MEDIA_ROOT from its web server.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
