"""PATCH /api/v1/structures/<id>: keys with scopes, the owner's rights, French errors, bounded SQL."""

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from maillage.accounts.api_tokens import hash_key, token_create, token_revoke
from maillage.accounts.models import ApiToken, User
from maillage.history.models import Revision
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import RelationKind
from maillage.structures.models import Structure
from tests.accounts.factories import NetworkCoordinatorFactory, StructureMembershipFactory, UserFactory
from tests.structures.factories import DisciplineFactory, RelationFactory, StructureFactory, fake_siret

pytestmark = pytest.mark.django_db

SCOPE = "structures:write"


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Start every test with no rate-limit counter left by another."""
    cache.clear()
    yield
    cache.clear()


def url(structure: Structure) -> str:
    return f"/api/v1/structures/{structure.slug}"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def current_etag(structure: Structure) -> str:
    """Return the ETag a client would have read just before writing."""
    version = Structure.objects.filter(pk=structure.pk).values_list("version", flat=True).first()
    return f'"{structure.pk}-{version}"'


def patch(client: Client, structure: Structure, body: Any, key: str | None = None) -> Any:
    headers = {"If-Match": current_etag(structure)} | (bearer(key) if key else {})
    return client.patch(
        url(structure), data=json.dumps(body), content_type="application/json", headers=headers
    )


def new_key(user: User, scopes: list[str] | None = None) -> str:
    return token_create(user=user, name="script", scopes=scopes or [SCOPE]).key


@pytest.fixture
def structure_a() -> Structure:
    return StructureFactory.create(name="La Fabrique des Possibles", siret="")


@pytest.fixture
def structure_b() -> Structure:
    return StructureFactory.create(name="Le Chantier Voisin", siret="")


@pytest.fixture
def member_a(structure_a: Structure) -> User:
    return StructureMembershipFactory.create(structure=structure_a, role=MemberRole.MEMBER).user


@pytest.fixture
def key_a(member_a: User) -> str:
    return new_key(member_a)


def test_a_member_changes_their_structure_and_the_change_shows_on_get(
    client: Client, structure_a: Structure, key_a: str
) -> None:
    """A member's key edits the record; the public GET then shows the new values and a fresh confirmation."""
    response = patch(
        client,
        structure_a,
        {"sigle": "LFDP", "description": "Lieu de fabrique en Forez.", "code_postal": "42000"},
        key_a,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["sigle"] == "LFDP"
    shown = client.get(url(structure_a)).json()
    assert shown["sigle"] == "LFDP"
    assert shown["description"] == "Lieu de fabrique en Forez."
    assert shown["code_postal"] == "42000"
    structure_a.refresh_from_db()
    assert structure_a.confirmed_at is not None
    assert timezone.now() - structure_a.confirmed_at < datetime.timedelta(minutes=1)


def test_the_change_is_recorded_in_the_history_as_made_through_the_api(
    client: Client, structure_a: Structure, member_a: User, key_a: str
) -> None:
    """The record's history names the key's owner and the channel."""
    patch(client, structure_a, {"sigle": "LFDP"}, key_a)
    revision = Revision.objects.filter(structure=structure_a).latest("created_at")
    assert revision.author == member_a
    assert revision.via == "api"


def test_an_empty_body_confirms_the_record_without_changing_it(
    client: Client, structure_a: Structure, key_a: str
) -> None:
    """PATCH {} says the record is still true: only its confirmation date moves."""
    name = structure_a.name
    response = patch(client, structure_a, {}, key_a)
    assert response.status_code == 200
    structure_a.refresh_from_db()
    assert structure_a.name == name
    assert structure_a.confirmed_at is not None


def test_a_member_of_a_cannot_change_b(
    client: Client, structure_a: Structure, structure_b: Structure, key_a: str
) -> None:
    """A key of structure A's member is refused on structure B, with a reason, and B is unchanged."""
    response = patch(client, structure_b, {"sigle": "PIRATE"}, key_a)
    assert response.status_code == 403
    assert "Vous ne pouvez pas modifier « Le Chantier Voisin »" in response.json()["detail"]
    structure_b.refresh_from_db()
    assert structure_b.acronym != "PIRATE"
    assert structure_b.confirmed_at is None


def test_a_person_without_any_role_is_refused(client: Client, structure_a: Structure) -> None:
    """A valid key never grants more than its owner has: no role, no write."""
    key = new_key(UserFactory.create())
    response = patch(client, structure_a, {"sigle": "X"}, key)
    assert response.status_code == 403
    assert "proposer une modification" in response.json()["detail"]


def test_a_network_coordinator_edits_a_member_of_the_network(client: Client, structure_a: Structure) -> None:
    """A coordinator's key edits the records of the network's members, as on the site."""
    coordinator = NetworkCoordinatorFactory.create()
    RelationFactory.create(source=structure_a, kind=RelationKind.MEMBER_OF, target=coordinator.network)
    response = patch(client, structure_a, {"telephone": "04 77 00 00 00"}, new_key(coordinator.user))
    assert response.status_code == 200
    assert response.json()["telephone"] == "04 77 00 00 00"


def test_a_request_without_a_key_is_refused_with_a_french_reason(
    client: Client, structure_a: Structure
) -> None:
    """No Authorization header: 401 saying how to authenticate."""
    response = patch(client, structure_a, {"sigle": "X"})
    assert response.status_code == 401
    assert "Jeton d'API manquant" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_session_of_a_logged_in_member_does_not_authorise_a_write(
    client: Client, structure_a: Structure, member_a: User
) -> None:
    """A browser's session cookie is not a credential for the API's writes."""
    client.force_login(member_a)
    response = patch(client, structure_a, {"sigle": "COOKIE"})
    assert response.status_code == 401
    structure_a.refresh_from_db()
    assert structure_a.acronym != "COOKIE"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Bearer mlg_nimportequoi", "Jeton d'API inconnu"),
        ("Bearer pas-une-cle", "ne ressemble pas à une clé"),
        ("Basic dXNlcjpwYXNz", "attendu « Bearer <clé> »"),
    ],
)
def test_an_unknown_or_malformed_key_is_refused(
    client: Client, structure_a: Structure, header: str, reason: str
) -> None:
    """A key that matches nothing gets a 401 naming the problem."""
    response = client.patch(
        url(structure_a), data="{}", content_type="application/json", headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert reason in response.json()["detail"]


def test_a_revoked_key_is_refused(client: Client, structure_a: Structure, member_a: User) -> None:
    """Once revoked, a key no longer writes."""
    created = token_create(user=member_a, name="ancien script", scopes=[SCOPE])
    token_revoke(user=member_a, token_id=created.token.pk)
    response = patch(client, structure_a, {"sigle": "X"}, created.key)
    assert response.status_code == 401
    assert response.json()["detail"] == "Ce jeton d'API a été révoqué."


def test_an_expired_key_is_refused(client: Client, structure_a: Structure, member_a: User) -> None:
    """Past its expiry date, a key no longer writes."""
    created = token_create(
        user=member_a,
        name="temporaire",
        scopes=[SCOPE],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    ApiToken.objects.filter(pk=created.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = patch(client, structure_a, {"sigle": "X"}, created.key)
    assert response.status_code == 401
    assert "a expiré" in response.json()["detail"]


def test_a_key_of_a_deactivated_account_is_refused(
    client: Client, structure_a: Structure, member_a: User
) -> None:
    """A deactivated person's keys stop working with the account."""
    key = new_key(member_a)
    User.objects.filter(pk=member_a.pk).update(is_active=False)
    response = patch(client, structure_a, {"sigle": "X"}, key)
    assert response.status_code == 401


def test_a_key_without_the_write_scope_is_forbidden(
    client: Client, structure_a: Structure, member_a: User
) -> None:
    """A key made for something else gets a 403 naming the missing scope."""
    key = "mlg_cle-sans-la-bonne-portee"
    ApiToken.objects.create(
        user=member_a, name="lecture", prefix=key[:8], key_hash=hash_key(key), scopes=["autre"]
    )
    response = patch(client, structure_a, {"sigle": "X"}, key)
    assert response.status_code == 403
    assert "structures:write" in response.json()["detail"]


def test_a_use_is_recorded_on_the_key(client: Client, structure_a: Structure, member_a: User) -> None:
    """The keys page can tell when a key last served."""
    created = token_create(user=member_a, name="script", scopes=[SCOPE])
    patch(client, structure_a, {}, created.key)
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"siret": "12345678901234"}, "siret", "n'est pas valide"),
        ({"siret": "1234"}, "siret", "exactement 14 chiffres"),
        ({"code_postal": "4200"}, "code_postal", "Un code postal compte 5 chiffres."),
        ({"courriel": "pas-une-adresse"}, "courriel", "adresse"),
        ({"nom": ""}, "nom", "vide"),
        ({"type": "inconnu"}, "type", "choix valide"),
        ({"commune": "COM-99999"}, "commune", "Commune inconnue"),
        ({"disciplines": ["danse-imaginaire"]}, "disciplines", "Disciplines inconnues : danse-imaginaire."),
        ({"activites": ["bricolage"]}, "activites", "Activités inconnues"),
        ({"slug": "autre-adresse"}, "slug", "Champ inconnu ou non modifiable."),
        ({"sigle": 12}, "sigle", "Attendu : un texte."),
        ({"disciplines": "theatre"}, "disciplines", "Attendu : une liste."),
    ],
)
def test_invalid_values_get_a_400_naming_the_field_in_french(
    client: Client, structure_a: Structure, key_a: str, body: dict[str, Any], field: str, message: str
) -> None:
    """A refused value is reported on its field, in French, and nothing is written."""
    before = Structure.objects.filter(pk=structure_a.pk).values().get()
    response = patch(client, structure_a, {"sigle": "NOUVEAU", **body}, key_a)
    assert response.status_code == 400, response.content
    errors = response.json()["erreurs"]
    assert any(message in m for m in errors[field]), errors
    assert Structure.objects.filter(pk=structure_a.pk).values().get() == before


def test_a_body_that_is_not_json_gets_a_400(client: Client, structure_a: Structure, key_a: str) -> None:
    """A broken body is a client error, never a server error."""
    response = client.patch(
        url(structure_a), data="{pas du json", content_type="application/json", headers=bearer(key_a)
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Données invalides : rien n'a été modifié."


def test_a_siret_already_taken_is_reported_on_the_siret(
    client: Client, structure_a: Structure, structure_b: Structure, key_a: str
) -> None:
    """Two structures never share a SIRET: the second one is told which field."""
    siret = fake_siret()
    Structure.objects.filter(pk=structure_b.pk).update(siret=siret, siren=siret[:9])
    response = patch(client, structure_a, {"siret": siret}, key_a)
    assert response.status_code == 400
    assert "SIRET" in " ".join(response.json()["erreurs"]["siret"])


@pytest.mark.usefixtures("loire_rhone")
def test_commune_disciplines_and_other_names_are_set_by_their_identifiers(
    client: Client, structure_a: Structure, key_a: str
) -> None:
    """The commune by its territory id, disciplines by slug: the detail then shows them."""
    DisciplineFactory.create(name="Théâtre", slug="theatre")
    DisciplineFactory.create(name="Musique", slug="musique")
    response = patch(
        client,
        structure_a,
        {"commune": "COM-42218", "disciplines": ["theatre", "musique"], "autres_noms": ["La Fab", " "]},
        key_a,
    )
    assert response.status_code == 200, response.json()
    shown = client.get(url(structure_a)).json()
    assert shown["commune"]["id"] == "COM-42218"
    assert shown["departement"]["id"] == "DEP-42"
    assert sorted(shown["disciplines"]) == ["musique", "theatre"]
    assert shown["autres_noms"] == ["La Fab"]


def test_an_unknown_structure_is_a_404(client: Client, key_a: str) -> None:
    """A write to a structure that does not exist says so."""
    response = client.patch(
        "/api/v1/structures/nulle-part", data="{}", content_type="application/json", headers=bearer(key_a)
    )
    assert response.status_code == 404


def test_a_write_takes_a_bounded_number_of_queries(
    client: Client, structure_a: Structure, key_a: str, django_assert_max_num_queries: Any
) -> None:
    """Authentication, permission, the write, its revision and the answer: a fixed number of queries."""
    slugs = [DisciplineFactory.create(name=f"Discipline {n}").slug for n in range(10)]
    # About 13 are the API's (key, record, role, disciplines, the answer), the rest the service's checks.
    with django_assert_max_num_queries(45):
        response = patch(client, structure_a, {"nom": "La Fabrique", "disciplines": slugs}, key_a)
    assert response.status_code == 200
    assert len(response.json()["disciplines"]) == 10


def test_the_openapi_document_shows_the_bearer_scheme_on_the_write_only(client: Client) -> None:
    """Reads stay documented as public, but a structure's explained matching; PATCH requires the key."""
    document = client.get("/api/v1/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    secured = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if operation.get("security"):
                secured.append((method, path))
    assert sorted(secured) == [
        ("get", "/api/v1/accompagnements"),
        ("get", "/api/v1/accompagnements/points-de-suivi/{checkpoint_id}"),
        ("get", "/api/v1/accompagnements/{case_id}"),
        ("get", "/api/v1/appels/candidatures/{application_id}"),
        ("get", "/api/v1/appels/candidatures/{application_id}/evaluation"),
        ("get", "/api/v1/appels/candidatures/{application_id}/evaluations"),
        ("get", "/api/v1/appels/{slug}/candidatures"),
        ("get", "/api/v1/structures/{structure_id}/dispositifs"),
        ("patch", "/api/v1/accompagnements/points-de-suivi/{checkpoint_id}"),
        ("patch", "/api/v1/accompagnements/{case_id}"),
        ("patch", "/api/v1/appels/candidatures/{application_id}"),
        ("patch", "/api/v1/chiffres-cles/{figure_id}"),
        ("patch", "/api/v1/materiel/{item_id}"),
        ("patch", "/api/v1/relations/{relation_id}"),
        ("patch", "/api/v1/structures/{structure_id}"),
        ("post", "/api/v1/accompagnements"),
        ("post", "/api/v1/accompagnements/{case_id}/actions"),
        ("post", "/api/v1/appels/candidatures/{application_id}/depot"),
        ("post", "/api/v1/appels/{slug}/candidatures"),
        ("put", "/api/v1/appels/candidatures/{application_id}/evaluation"),
    ]


def test_reads_stay_public(client: Client, structure_a: Structure) -> None:
    """A GET needs no key."""
    assert client.get(url(structure_a)).status_code == 200
    assert client.get("/api/v1/structures").status_code == 200


def test_the_search_is_rate_limited_per_client(client: Client, settings: Any) -> None:
    """Past the rate, the search answers 429 in French with Retry-After; another address is not affected."""
    settings.API_SEARCH_RATE = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/structures").status_code == 200
    response = client.get("/api/v1/structures")
    assert response.status_code == 429
    assert "Trop de recherches" in response.json()["detail"]
    assert response["Retry-After"] == "60"
    assert client.get("/api/v1/structures", REMOTE_ADDR="192.0.2.7").status_code == 200
