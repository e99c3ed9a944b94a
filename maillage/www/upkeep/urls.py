"""Upkeep of the directory: suspected duplicates and their merge, records to confirm."""

from django.urls import path

from maillage.www.upkeep import views

app_name = "upkeep"
urlpatterns = [
    path("doublons/", views.duplicates, name="duplicates"),
    path("doublons/<int:keep>/<int:duplicate>/", views.merge, name="merge"),
    path("a-confirmer/", views.stale, name="stale"),
    path("confirmer/<slug:slug>/", views.confirm, name="confirm"),
]
