"""Personal API keys as a service: shown once, stored hashed, scoped, revocable by their owner only."""

import datetime
import hashlib
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.accounts.api_tokens import TokenError, token_authenticate, token_create, token_revoke
from maillage.accounts.models import ApiToken
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SCOPE = "structures:write"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with no rate-limit counter left by another."""
    cache.clear()
    yield
    cache.clear()


def test_a_new_key_is_kept_only_as_its_hash_and_first_characters() -> None:
    """The clear key is returned once; the database holds its SHA-256 and its first 8 characters."""
    created = token_create(user=UserFactory.create(), name="script du réseau", scopes=[SCOPE])
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(created.key.encode()).hexdigest()
    assert token.prefix == created.key[:8]
    assert created.key not in {token.name, token.prefix, token.key_hash}
    assert len(created.key) > 40
    assert token.scopes == [SCOPE]


def test_two_keys_never_share_a_value() -> None:
    """Keys are random: creating two gives two different secrets."""
    user = UserFactory.create()
    first = token_create(user=user, name="a", scopes=[SCOPE])
    second = token_create(user=user, name="b", scopes=[SCOPE])
    assert first.key != second.key


def test_a_key_authenticates_as_its_owner() -> None:
    """The clear key finds its record and its owner."""
    user = UserFactory.create()
    created = token_create(user=user, name="script", scopes=[SCOPE])
    assert token_authenticate(created.key).user == user


@pytest.mark.parametrize(
    ("scopes", "message"),
    [([], "Choisissez au moins une portée."), (["admin:all"], "Portée inconnue : admin:all.")],
)
def test_scopes_come_from_the_fixed_list(scopes: list[str], message: str) -> None:
    """A key without a scope or with an invented one is refused in French."""
    with pytest.raises(ValidationError) as error:
        token_create(user=UserFactory.create(), name="script", scopes=scopes)
    assert error.value.message_dict["scopes"] == [message]


def test_an_expiry_in_the_past_is_refused() -> None:
    """A key cannot be born expired."""
    with pytest.raises(ValidationError) as error:
        token_create(
            user=UserFactory.create(),
            name="x",
            scopes=[SCOPE],
            expires_at=timezone.now() - datetime.timedelta(hours=1),
        )
    assert "futur" in error.value.message_dict["expires_at"][0]


def test_revoked_expired_and_unknown_keys_do_not_authenticate() -> None:
    """Each refusal carries its reason."""
    user = UserFactory.create()
    revoked = token_create(user=user, name="révoqué", scopes=[SCOPE])
    token_revoke(user=user, token_id=revoked.token.pk)
    expired = token_create(
        user=user, name="expiré", scopes=[SCOPE], expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now())
    reasons = {}
    for key in (revoked.key, expired.key, "mlg_inconnue"):
        with pytest.raises(TokenError) as error:
            token_authenticate(key)
        reasons[key] = error.value.message
    assert reasons[revoked.key] == "Ce jeton d'API a été révoqué."
    assert "expiré" in reasons[expired.key]
    assert "inconnu" in reasons["mlg_inconnue"]


def test_only_the_owner_can_revoke_a_key() -> None:
    """Someone else's key is as good as unknown to a person trying to revoke it."""
    owner, other = UserFactory.create(), UserFactory.create()
    created = token_create(user=owner, name="script", scopes=[SCOPE])
    with pytest.raises(ApiToken.DoesNotExist):
        token_revoke(user=other, token_id=created.token.pk)
    assert token_authenticate(created.key).user == owner


def test_revoking_twice_keeps_the_first_date() -> None:
    """A second revocation changes nothing."""
    user = UserFactory.create()
    created = token_create(user=user, name="script", scopes=[SCOPE])
    first = token_revoke(user=user, token_id=created.token.pk).revoked_at
    assert token_revoke(user=user, token_id=created.token.pk).revoked_at == first


def test_the_last_use_is_written_at_most_once_a_minute() -> None:
    """Authenticating records the use, without a write on every request."""
    created = token_create(user=UserFactory.create(), name="script", scopes=[SCOPE])
    first = token_authenticate(created.key).last_used_at
    assert first is not None
    assert token_authenticate(created.key).last_used_at == first
    ApiToken.objects.filter(pk=created.token.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(hours=1)
    )
    later = token_authenticate(created.key).last_used_at
    assert later is not None
    assert later > first
