"""Pages of the observatory section."""

from django.urls import path

from maillage.www.observatory import views

app_name = "observatory"
urlpatterns = [
    path("methodologie/", views.methodology, name="methodology"),
]
