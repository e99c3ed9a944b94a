"""Pages of the contributions section: create or claim, edit, members, moderation."""

from django.urls import path

from maillage.www.contributions import (
    claim,
    coordinations,
    declarations,
    edit,
    members,
    moderation,
    source_changes,
    start,
    suggestions,
)

app_name = "contributions"
urlpatterns = [
    path("", start.start, name="start"),
    path("communes/", suggestions.commune_options, name="commune_options"),
    path("codes-postaux/", suggestions.commune_for_postal_code, name="commune_for_postal_code"),
    path("suggestions/structures/", suggestions.structure_options, name="structure_options"),
    path("structures/<slug:slug>/revendiquer/", claim.claim, name="claim"),
    path("structures/<slug:slug>/modifier/", edit.edit, name="edit"),
    path(
        "structures/<slug:slug>/relations-et-chiffres/",
        declarations.declarations,
        name="declarations",
    ),
    path("structures/<slug:slug>/membres/", members.members, name="members"),
    path(
        "reseaux/<slug:slug>/adhesions/",
        declarations.membership_requests,
        name="membership_requests",
    ),
    path("invitations/<str:token>/", members.accept_invitation, name="accept_invitation"),
    path("moderation/", moderation.queue, name="moderation"),
    path("demandes/<int:pk>/", moderation.request_detail, name="request"),
    path("demandes/<int:pk>/corriger/", moderation.review, name="review"),
    path("sources/<int:pk>/", source_changes.decide, name="source_change"),
    path("coordinations/", coordinations.coordinations, name="coordinations"),
]
