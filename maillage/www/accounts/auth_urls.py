"""URL patterns, included by maillage.www.accounts.urls: sign-up, login, passwords, "Mon espace"."""

from django.urls import URLPattern, path

from maillage.www.accounts import views_auth, views_auth_password, views_auth_space

urlpatterns: list[URLPattern] = [
    path("", views_auth_space.dashboard, name="dashboard"),
    path("inscription/", views_auth.signup, name="signup"),
    path("inscription/envoyee/", views_auth.signup_done, name="signup_done"),
    path("confirmer/<str:token>/", views_auth.confirm_email, name="confirm_email"),
    path("confirmation/renvoyer/", views_auth.resend_confirmation, name="resend_confirmation"),
    path("connexion/", views_auth.login, name="login"),
    path("connexion/code/", views_auth.login_code, name="login_code"),
    path("deconnexion/", views_auth.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oublie/", views_auth_password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        views_auth_password.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views_auth_password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/reinitialise/",
        views_auth_password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("mot-de-passe/changer/", views_auth_password.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/change/",
        views_auth_password.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("double-authentification/", views_auth_space.otp_setup, name="otp_setup"),
]
