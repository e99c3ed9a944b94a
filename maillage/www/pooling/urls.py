"""Pages of the pooling section: equipment lending, shared places, bookings, calendars, employer groups."""

from django.urls import path

from maillage.www.pooling import bookings, employers, feeds, lending, places, views

app_name = "pooling"
urlpatterns = [
    path("", views.home, name="home"),
    path("materiel/", lending.item_list, name="items"),
    path("materiel/<int:pk>/", lending.item_detail, name="item"),
    path("materiel/<int:pk>/demander/", lending.item_request, name="item_request"),
    path("lieux/", places.place_list, name="places"),
    path("lieux/<slug:slug>/", places.place_detail, name="place"),
    path("lieux/<slug:slug>/espaces/<int:pk>/", places.space_detail, name="space"),
    path("reservations/", bookings.booking_list, name="bookings"),
    path("reservations/<int:pk>/", bookings.booking_detail, name="booking"),
    path("reservations/<int:pk>/litige/", bookings.dispute_open, name="dispute_open"),
    path("reservations/<int:pk>/<slug:step>/", bookings.booking_step, name="booking_step"),
    path("litiges/<int:pk>/", bookings.dispute_detail, name="dispute"),
    path("etats-des-lieux/<int:pk>/photo/", feeds.report_photo, name="report_photo"),
    path("etats-des-lieux/<int:pk>/contresigner/", bookings.report_countersign, name="report_countersign"),
    path("calendriers/ressource-<int:pk>.ics", feeds.resource_feed, name="resource_feed"),
    path("calendriers/structure-<slug:slug>.ics", feeds.structure_feed, name="structure_feed"),
    path("groupements-employeurs/<slug:slug>/", employers.group_detail, name="group"),
    path(
        "groupements-employeurs/<slug:slug>/releves/<int:year>-<int:month>/",
        employers.statement,
        name="statement",
    ),
    path(
        "groupements-employeurs/<slug:slug>/releves/<int:year>-<int:month>.csv",
        employers.statement_csv,
        name="statement_csv",
    ),
    path("groupements-employeurs/<slug:slug>/regularisation/<int:year>/", employers.true_up, name="true_up"),
]
