"""Pages of the resource library: the filtered list, a resource, a collection, the Dublin Core export."""

from django.urls import path

from maillage.www.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.library, name="list"),
    path("export.csv", views.export_csv, name="export"),
    path("collections/<slug:slug>/", views.collection, name="collection"),
    path("<slug:slug>/", views.detail, name="detail"),
]
