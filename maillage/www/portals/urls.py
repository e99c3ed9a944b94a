"""Portal pages at /portail/<slug>/…, and the pages that open and configure portals."""

from django.urls import path

from maillage.www.portals import manage, pages

app_name = "portals"
urlpatterns = [
    path("nouveau/", manage.create, name="create"),
    path("<slug:slug>/", pages.home, name="home"),
    path("<slug:slug>/carte/", pages.map_page, name="map"),
    path("<slug:slug>/agenda/", pages.agenda_page, name="agenda"),
    path("<slug:slug>/ressources/", pages.resources_page, name="resources"),
    path("<slug:slug>/observatoire/", pages.observatory_page, name="observatory"),
    path("<slug:slug>/export/<str:kind>/", pages.export, name="export"),
    path("<slug:slug>/logo/", pages.logo, name="logo"),
    path("<slug:slug>/modifier/", manage.edit, name="edit"),
]
