"""Bearer authentication of the API's writes by personal keys; reads need none.

Only a key in the Authorization header authenticates a write: the session cookie never does, so a page
of another site cannot make a logged-in browser write through the API (no CSRF on the API).
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from maillage.accounts.api_tokens import SCOPES, TokenError, token_authenticate, token_has_scope
from maillage.accounts.models import ApiToken


class ApiTokenAuth(HttpBearer):
    """Accept a live personal key carrying `scope`; the request then acts as the key's owner."""

    def __init__(self, scope: str) -> None:
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {scope!r}")
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        if not header:
            raise AuthenticationError(
                message=(
                    "Jeton d'API manquant : envoyez l'en-tête « Authorization: Bearer <clé> » "
                    "avec une clé créée sur votre page « Jetons d'API »."
                )
            )
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationError(message="En-tête Authorization invalide : attendu « Bearer <clé> ».")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        try:
            api_token = token_authenticate(token)
        except TokenError as error:
            raise AuthenticationError(message=error.message) from error
        if not token_has_scope(api_token, self.scope):
            raise AuthorizationError(
                message=f"Ce jeton d'API n'a pas la portée « {self.scope} » qu'exige cette opération."
            )
        # Handlers read the person from request.user, as pages do; request.auth keeps the key.
        request.user = api_token.user
        return api_token


structures_write = ApiTokenAuth("structures:write")
lending_write = ApiTokenAuth("materiel:write")
accompaniment_read = ApiTokenAuth("accompagnements:read")
accompaniment_write = ApiTokenAuth("accompagnements:write")
