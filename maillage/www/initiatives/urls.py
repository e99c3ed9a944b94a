"""Initiative pages: /initiatives/, /initiatives/<slug>/, its PDF and its yearly confirmation."""

from django.urls import path

from maillage.www.initiatives import edit, links, views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("nouvelle/", edit.new, name="new"),
    path("<slug:slug>/", views.initiative_detail, name="detail"),
    path("<slug:slug>/fiche.pdf", views.initiative_pdf, name="pdf"),
    path("<slug:slug>/confirmer/", views.initiative_confirm_view, name="confirm"),
    path("<slug:slug>/modifier/", edit.edit, name="edit"),
    path("<slug:slug>/chiffres/", edit.add_figure, name="add_figure"),
    path("<slug:slug>/partenaires/", links.add_partner, name="add_partner"),
    path("<slug:slug>/essaimage/", links.add_essaimage, name="add_essaimage"),
    path(
        "<slug:slug>/partenaires/<int:pk>/retirer/", links.remove, {"kind": "partner"}, name="remove_partner"
    ),
    path(
        "<slug:slug>/essaimage/<int:pk>/retirer/",
        links.remove,
        {"kind": "essaimage"},
        name="remove_essaimage",
    ),
    path("<slug:slug>/<str:step>/", edit.transition, name="transition"),
]
