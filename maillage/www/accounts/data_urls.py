"""URL patterns of personal data and API keys, included by maillage.www.accounts.urls."""

from django.urls import URLPattern, path

from maillage.www.accounts import views_data

urlpatterns: list[URLPattern] = [
    path("donnees-personnelles/", views_data.privacy, name="privacy"),
    path("mes-donnees/", views_data.data_export, name="data_export"),
    path("mes-donnees.json", views_data.data_export_json, name="data_export_json"),
    path("supprimer/", views_data.account_delete, name="delete"),
    path("jetons/", views_data.tokens, name="tokens"),
    path("jetons/<int:token_id>/revoquer/", views_data.token_revoke_view, name="token_revoke"),
]
