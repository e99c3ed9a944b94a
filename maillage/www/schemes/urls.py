"""Catalogue pages: /dispositifs/ (search), exports, the staff import page, one page per scheme."""

from django.urls import path

from maillage.www.schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("export/csv/", views.export_csv, name="export_csv"),
    path("export/json/", views.export_json, name="export_json"),
    path("import/", views.import_page, name="import"),
    path("<uuid:uid>/", views.scheme_detail, name="detail"),
]
