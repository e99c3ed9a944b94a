"""Open data: the list of files, their Data Package description, the files and their Table Schemas."""

from django.urls import path

from maillage.www.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage_json, name="datapackage"),
    path("<slug:name>/schema.json", views.table_schema, name="schema"),
    path("<slug:name>/<str:file_name>", views.dated_download, name="dated"),
    path("<str:file_name>", views.current_download, name="current"),
]
