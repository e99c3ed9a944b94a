"""The personal-data registry: one person's export holds all of their data and nobody else's; deletion."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder

from maillage.accounts import personal_data
from maillage.accounts.api_tokens import token_create
from maillage.accounts.models import ApiToken, LoginAttempt, User
from maillage.accounts.personal_data import (
    PersonalDataSection,
    delete_account,
    export_user_data,
    register_core_sections,
    sole_managed_structures,
)
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.models import Structure
from tests.accounts.factories import (
    NetworkCoordinatorFactory,
    StructureMembershipFactory,
    UserFactory,
)
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

SCOPE = "structures:write"


@pytest.fixture(autouse=True)
def _sections_and_cache() -> Iterator[None]:
    """Register the accounts app's sections (as its AppConfig.ready() does) and empty the cache."""
    register_core_sections()
    cache.clear()
    yield
    cache.clear()


def dumped(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


@pytest.fixture
def two_people() -> tuple[User, User]:
    """Two people with a membership, a login attempt and a key each."""
    alice = UserFactory.create(email="alice@example.org", display_name="Alice Émeraude", name_is_public=True)
    bruno = UserFactory.create(email="bruno@example.org", display_name="Bruno Secret")
    StructureMembershipFactory.create(user=alice, structure=StructureFactory.create(name="Théâtre d'Alice"))
    StructureMembershipFactory.create(
        user=bruno, structure=StructureFactory.create(name="Compagnie de Bruno")
    )
    LoginAttempt.objects.create(email="alice@example.org", ip_address="192.0.2.1", succeeded=True)
    LoginAttempt.objects.create(email="bruno@example.org", ip_address="198.51.100.9", succeeded=False)
    token_create(user=alice, name="script d'Alice", scopes=[SCOPE])
    token_create(user=bruno, name="script de Bruno", scopes=[SCOPE])
    return alice, bruno


def test_the_export_holds_the_person_s_data_and_no_one_else_s(two_people: tuple[User, User]) -> None:
    """Account, roles, login attempts and keys of Alice; nothing of Bruno."""
    alice, _bruno = two_people
    NetworkCoordinatorFactory.create(
        user=alice, network=StructureFactory.create(name="Réseau Coopératif", kind="network")
    )
    data = export_user_data(alice)
    assert list(data)[:5] == ["account", "memberships", "coordination", "login_attempts", "api_tokens"]
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["display_name"] == "Alice Émeraude"
    assert data["account"]["name_is_public"] is True
    assert data["account"]["is_staff"] is False
    assert [m["structure"] for m in data["memberships"]] == ["Théâtre d'Alice"]
    assert data["memberships"][0]["role"] == "member"
    assert [n["network"] for n in data["coordination"]["networks"]] == ["Réseau Coopératif"]
    assert [a["ip_address"] for a in data["login_attempts"]] == ["192.0.2.1"]
    assert [t["name"] for t in data["api_tokens"]] == ["script d'Alice"]
    text = dumped(data)
    for other in ("bruno", "Bruno", "198.51.100.9", "Compagnie de Bruno"):
        assert other not in text


def test_the_export_never_holds_a_key_or_its_hash(two_people: tuple[User, User]) -> None:
    """Keys are listed by name and first characters only."""
    alice, _ = two_people
    token = ApiToken.objects.get(user=alice)
    exported = export_user_data(alice)["api_tokens"][0]
    assert exported["prefix"] == token.prefix
    assert "key_hash" not in exported
    assert token.key_hash not in dumped(export_user_data(alice))


def test_dates_are_exported_in_iso_format(two_people: tuple[User, User]) -> None:
    """Dates read the same in any language: ISO 8601 with their offset."""
    alice, _ = two_people
    account = export_user_data(alice)["account"]
    assert account["date_joined"] == alice.date_joined.isoformat()
    assert account["last_login"] is None


def test_every_registered_section_of_another_app_is_exported(
    two_people: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app's section joins the export under its key, after the account's own sections."""
    alice, _ = two_people
    section = PersonalDataSection(
        "contributions", export=lambda user: [{"by": user.email}], erase=lambda user: None
    )
    monkeypatch.setitem(personal_data.SECTIONS, "contributions", section)
    data = export_user_data(alice)
    assert data["contributions"] == [{"by": "alice@example.org"}]
    assert list(data).index("contributions") > list(data).index("api_tokens")


def test_deleting_an_account_erases_the_person_and_keeps_the_structures(
    two_people: tuple[User, User],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Every app erases its part, then the account, roles, keys and attempts go; structures stay."""
    alice, bruno = two_people
    erased: list[str] = []
    monkeypatch.setitem(
        personal_data.SECTIONS,
        "history",
        PersonalDataSection("history", export=lambda user: [], erase=lambda user: erased.append(user.email)),
    )
    LoginAttempt.objects.create(email="ALICE@example.org", succeeded=False)
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(alice)
    assert erased == ["alice@example.org"]
    assert not User.objects.filter(email="alice@example.org").exists()
    assert not LoginAttempt.objects.filter(email__iexact="alice@example.org").exists()
    assert not ApiToken.objects.filter(name="script d'Alice").exists()
    assert not StructureMembership.objects.filter(structure__name="Théâtre d'Alice").exists()
    assert Structure.objects.filter(name="Théâtre d'Alice").exists()
    # Bruno is untouched.
    assert User.objects.filter(pk=bruno.pk).exists()
    assert LoginAttempt.objects.filter(email="bruno@example.org").count() == 1
    assert ApiToken.objects.filter(user=bruno).count() == 1
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "supprimé" in mail.outbox[0].subject


def test_a_failing_erase_deletes_nothing(
    two_people: tuple[User, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deletion is one transaction: if an app cannot erase its part, the account stays whole."""
    alice, _ = two_people

    def refuse(user: Any) -> None:
        LoginAttempt.objects.filter(email=user.email).delete()
        raise RuntimeError("panne")

    monkeypatch.setitem(
        personal_data.SECTIONS, "broken", PersonalDataSection("broken", export=lambda user: [], erase=refuse)
    )
    with pytest.raises(RuntimeError):
        delete_account(alice)
    assert User.objects.filter(pk=alice.pk).exists()
    assert LoginAttempt.objects.filter(email="alice@example.org").exists()


def test_structures_the_person_alone_manages_are_named() -> None:
    """The deletion page warns about the structures that would be left without a manager."""
    person, colleague = UserFactory.create(), UserFactory.create()
    alone = StructureFactory.create(name="Seule à bord")
    shared = StructureFactory.create(name="À deux")
    member_only = StructureFactory.create(name="Simple membre")
    StructureMembershipFactory.create(user=person, structure=alone, role=MemberRole.MANAGER)
    StructureMembershipFactory.create(user=person, structure=shared, role=MemberRole.MANAGER)
    StructureMembershipFactory.create(user=colleague, structure=shared, role=MemberRole.MANAGER)
    StructureMembershipFactory.create(user=person, structure=member_only, role=MemberRole.MEMBER)
    assert [s.name for s in sole_managed_structures(person)] == ["Seule à bord"]
