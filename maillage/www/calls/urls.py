"""Pages of the calls: the list, a call, applications, the committee's review and deliberation."""

from django.urls import path

from maillage.www.calls import applying, committee, editing, views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("nouveau/", editing.call_new, name="new"),
    path("candidatures/<int:pk>/", applying.application_page, name="application"),
    path("candidatures/<int:pk>/retirer/", applying.withdraw, name="withdraw"),
    path("candidatures/<int:pk>/assigner/", committee.assign, name="assign"),
    path("candidatures/<int:pk>/evaluer/", committee.review, name="review"),
    path("candidatures/<int:pk>/conflit/", committee.declare_conflict, name="conflict"),
    path("<slug:slug>/", views.call_detail, name="detail"),
    path("<slug:slug>/modifier/", editing.call_change, name="edit"),
    path("<slug:slug>/candidater/", applying.apply, name="apply"),
    path("<slug:slug>/comite/", committee.dashboard_page, name="dashboard"),
    path("<slug:slug>/deliberation/", committee.deliberation, name="deliberation"),
    path("<slug:slug>/deliberation/notifier/", committee.publish, name="publish"),
    path("<slug:slug>/export.csv", committee.export_csv, name="export"),
    path("<slug:slug>/compte-rendu/", views.report, name="report"),
]
