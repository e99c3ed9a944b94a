"""Account pages: sign-up, log-in, e-mail confirmation, password reset, second factor, personal data."""

app_name = "accounts"
urlpatterns: list = []
