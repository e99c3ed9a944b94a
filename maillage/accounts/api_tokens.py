"""Personal API keys: created with scopes, shown once, stored as a SHA-256 hash, revocable by their owner.

A key only ever acts as its owner: the permission rules (`memberships.rules.can`) still decide each write,
so a key never grants more than its owner may do, and its scopes can only narrow that further.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from maillage.accounts.models import ApiToken

# What a key may be used for; the labels are shown on the keys page.
SCOPES: dict[str, str] = {
    "structures:write": (
        "Modifier par l'API les fiches des structures que vous pouvez déjà modifier sur le site"
    ),
    "dispositifs:read": "Lire par l'API les dispositifs proposés aux structures que vous pouvez modifier",
    "materiel:write": "Modifier ou retirer par l'API le matériel que vos structures prêtent",
    "appels:read": "Lire par l'API les candidatures et évaluations des appels à projets où vous avez un rôle",
    "appels:write": "Candidater par l'API pour vos structures, rendre les évaluations qui vous sont confiées",
    "accompagnements:read": "Lire par l'API les dossiers d'accompagnement que vous pouvez consulter",
    "accompagnements:write": (
        "Ouvrir et faire avancer par l'API les dossiers de vos structures d'accompagnement"
    ),
}
# Keys start with this tag so that secret scanners and people recognise them in a leaked file.
KEY_TAG = "mlg_"
PREFIX_LENGTH = 8
# How often a key's last use is written: once a minute is enough to tell people when it last served.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class TokenError(Exception):
    """A key that cannot authenticate, with the French reason given to the caller."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CreatedToken:
    """A new key: the stored record and the clear key, which exists nowhere else."""

    token: ApiToken
    key: str


def hash_key(key: str) -> str:
    """Return the SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(
    *, user: Any, name: str, scopes: list[str], expires_at: datetime.datetime | None = None
) -> CreatedToken:
    """Create a key for `user`; return it in clear once, only its hash and first characters are kept."""
    unknown = sorted(set(scopes) - set(SCOPES))
    errors: dict[str, str] = {}
    if unknown:
        errors["scopes"] = f"Portée inconnue : {', '.join(unknown)}."
    elif not scopes:
        errors["scopes"] = "Choisissez au moins une portée."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "La date d'expiration doit être dans le futur."
    if errors:
        raise ValidationError(errors)
    key = KEY_TAG + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return CreatedToken(token=token, key=key)


@transaction.atomic
def token_revoke(*, user: Any, token_id: int) -> ApiToken:
    """Revoke one of the user's keys; another person's key is reported as unknown."""
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(key: str) -> ApiToken:
    """Return the live key matching `key` with its user; raise TokenError saying why it cannot serve."""
    if not key.startswith(KEY_TAG):
        raise TokenError("Jeton d'API invalide : il ne ressemble pas à une clé de maillage.")
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None:
        raise TokenError(
            "Jeton d'API inconnu : vérifiez la clé ou créez-en une sur votre page « Jetons d'API »."
        )
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenError("Ce jeton d'API a été révoqué.")
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenError("Ce jeton d'API a expiré : créez-en un nouveau.")
    if not token.user.is_active:
        raise TokenError("Le compte de ce jeton d'API est désactivé.")
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # An UPDATE of one column, not save(): a request never rewrites the rest of the record.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_has_scope(token: ApiToken, scope: str) -> bool:
    """Tell whether the key was created for `scope`."""
    return scope in (token.scopes or [])


def user_tokens(user: Any) -> QuerySet[ApiToken]:
    """Return the user's keys, newest first (no join needed: the list shows the keys only)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
