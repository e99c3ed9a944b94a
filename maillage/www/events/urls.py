"""Pages of the agenda: list, event, registration and cancellation, calendar feeds, registrants' export."""

from django.urls import path

from maillage.www.events import feeds, views

app_name = "events"
urlpatterns = [
    path("", views.agenda, name="list"),
    path("agenda.ics", feeds.agenda_ics, name="agenda_ics"),
    path("export/openagenda.json", feeds.agenda_openagenda, name="openagenda"),
    path("mon-agenda/", feeds.my_feed, name="my_feed"),
    path("mon-agenda/<str:token>.ics", feeds.personal_ics, name="personal_ics"),
    path("organisateurs/<slug:slug>.ics", feeds.organiser_ics, name="organiser_ics"),
    path("territoires/<str:territory_id>.ics", feeds.territory_ics, name="territory_ics"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>.ics", feeds.series_ics, name="series_ics"),
    path("inscriptions/<str:token>/annuler/", views.cancel, name="cancel"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>.ics", feeds.event_ics, name="ics"),
    path("<slug:slug>/inscription/", views.register, name="register"),
    path("<slug:slug>/inscrits.csv", views.registrations_csv, name="registrations_csv"),
]
