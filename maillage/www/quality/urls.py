"""Pages of the quality section."""

from django.urls import path

from maillage.www.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.coordination_quality, name="coordination"),
]
