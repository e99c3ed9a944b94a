"""Pages of the site, by section."""

from django.urls import include, path

from maillage.www import views

urlpatterns = [
    path("", views.home, name="home"),
    path("territoires/", include("maillage.www.territories.urls")),
]
