"""Account pages: sign-up, log-in, confirmation, password reset, second factor, personal data, API keys."""

from maillage.www.accounts import auth_urls, data_urls

app_name = "accounts"
# Two modules so that authentication and personal data (export, deletion, API keys) grow apart.
urlpatterns = [*auth_urls.urlpatterns, *data_urls.urlpatterns]
