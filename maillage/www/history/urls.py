"""Pages of the history section: /structures/<slug>/historique/ and the revert of a revision."""

from django.urls import path

from maillage.www.history import views

app_name = "history"
urlpatterns = [
    path("", views.history_list, name="list"),
    path("<int:pk>/retablir/", views.history_revert, name="revert"),
]
