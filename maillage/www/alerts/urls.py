"""Pages of the alerts: the signed-in person's list, create from a search, confirm, stop."""

from django.urls import path

from maillage.www.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.my_alerts, name="mine"),
    path("creer/", views.alert_create, name="create_any"),
    path("creer/<slug:kind>/", views.alert_create, name="create"),
    path("enregistree/", views.alert_created, name="created"),
    path("confirmer/<str:token>/", views.alert_confirm, name="confirm"),
    path("arreter/<str:token>/", views.alert_unsubscribe, name="unsubscribe"),
    path("desabonnement/<str:token>/", views.address_unsubscribe, name="unsubscribe_address"),
]
