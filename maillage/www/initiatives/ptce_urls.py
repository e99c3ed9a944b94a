"""PTCE pages: /ptce/ (map and list), /ptce/charte/, /ptce/<slug>/ and its signature."""

from django.urls import path

from maillage.www.initiatives import ptce

app_name = "ptce"
urlpatterns = [
    path("", ptce.ptce_list, name="list"),
    path("charte/", ptce.charter_page, name="charter"),
    path("<slug:slug>/", ptce.ptce_detail, name="detail"),
    path("<slug:slug>/signer/", ptce.ptce_sign, name="sign"),
]
