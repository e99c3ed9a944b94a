"""Pages of the partnership conventions."""

from django.urls import path

from maillage.www.conventions import views

app_name = "conventions"
urlpatterns = [
    path("", views.convention_list, name="list"),
    path("<slug:slug>/", views.convention_detail, name="detail"),
    path("<slug:slug>/rapport-<int:year>/", views.report, name="report"),
    path("<slug:slug>/rapport-<int:year>.pdf", views.report_pdf, name="report_pdf"),
]
