"""Catalogue pages: /dispositifs/ (search), exports, the staff import page, one page per scheme."""

from django.urls import path

from maillage.www.schemes import edit, moderation, views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("export/csv/", views.export_csv, name="export_csv"),
    path("export/json/", views.export_json, name="export_json"),
    path("import/", views.import_page, name="import"),
    path("a-moderer/", moderation.queue, name="moderation"),
    path("a-moderer/<uuid:uid>/", moderation.decide_scheme, name="decide"),
    path("a-moderer/changements/<int:pk>/", moderation.decide_review, name="decide_review"),
    path("<uuid:uid>/", views.scheme_detail, name="detail"),
    path("<uuid:uid>/modifier/", edit.edit, name="edit"),
    path("<uuid:uid>/soumettre/", edit.submit, name="submit"),
]
