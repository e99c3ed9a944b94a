"""Pages of the surveys section."""

from django.urls import path

from maillage.www.surveys import answer, results, views

app_name = "surveys"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/clore/", views.campaign_close, name="close"),
    path("<int:pk>/inviter/", views.campaign_invite, name="invite"),
    path("<int:pk>/repondre/<slug:slug>/", answer.campaign_answer, name="answer"),
    path("<int:pk>/resultats/", results.campaign_results, name="results"),
    path("<int:pk>/resultats.csv", results.campaign_results_csv, name="results_csv"),
]
