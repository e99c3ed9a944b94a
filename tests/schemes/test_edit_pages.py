"""/dispositifs/<uid>/modifier/ and /soumettre/: who edits, French refusals, a stale edit answered 409."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.memberships.enums import MemberRole
from maillage.schemes.enums import SchemeStatus
from maillage.schemes.models import Scheme
from maillage.schemes.services import scheme_update
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory


@pytest.fixture
def world(loire_rhone: None) -> dict[str, Any]:
    a = StructureFactory.create(name="CRESS", commune_id="COM-42218", siren="")
    scheme = make_scheme(
        title="Fonds culture Loire",
        status=SchemeStatus.DRAFT,
        geo_codes=["DEP-42"],
        porteurs=[{"nom": a.name, "siren": "", "roles": ["instructeur"], "structure": a}],
    )
    return {
        "scheme": scheme,
        "member": StructureMembershipFactory.create(structure=a).user,
        "manager": StructureMembershipFactory.create(structure=a, role=MemberRole.MANAGER).user,
        "moderator": TerritoryCoordinatorFactory.create(territory_id="DEP-42").user,
        "outsider": UserFactory.create(),
    }


def form_data(scheme: Scheme, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": scheme.title,
        "promise": scheme.promise,
        "description": scheme.description,
        "eligibility": scheme.eligibility,
        "url_source": scheme.url_source,
        "opens_at": "",
        "closes_at": "",
        "geo_codes": " ".join(scheme.geo_codes),
        "targets": list(scheme.targets),
        "needs": list(scheme.needs),
        "instruments": list(scheme.instruments),
        "version": str(scheme.version),
    }
    data.update(changes)
    return data


def edit_url(scheme: Scheme) -> str:
    return f"/dispositifs/{scheme.uid}/modifier/"


def test_anonymous_people_are_sent_to_log_in(world: dict[str, Any], client: Client) -> None:
    response = client.get(edit_url(world["scheme"]))

    assert response.status_code == 302
    assert "/connexion/" in response["Location"] or "login" in response["Location"]
    assert client.post(f"/dispositifs/{world['scheme'].uid}/soumettre/").status_code == 302


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_people_who_neither_manage_nor_moderate_a_porteur_are_refused(
    role: str, world: dict[str, Any], client: Client
) -> None:
    client.force_login(world[role])
    scheme = world["scheme"]

    page = client.get(edit_url(scheme))
    post = client.post(edit_url(scheme), form_data(scheme, title="Piraté"))
    submit = client.post(f"/dispositifs/{scheme.uid}/soumettre/", {"version": "1"})

    assert (page.status_code, post.status_code, submit.status_code) == (403, 403, 403)
    assert "gestionnaires des porteurs" in page.content.decode()
    scheme.refresh_from_db()
    assert (scheme.title, scheme.status) == ("Fonds culture Loire", SchemeStatus.DRAFT)


def test_a_manager_edits_then_submits_and_a_moderator_publishes(
    world: dict[str, Any], client: Client
) -> None:
    scheme = world["scheme"]
    assert "Fonds culture Loire" not in client.get("/dispositifs/").content.decode()
    client.force_login(world["manager"])

    page = client.get(edit_url(scheme))
    assert page.status_code == 200
    assert "Soumettre" in page.content.decode()
    response = client.post(
        edit_url(scheme),
        form_data(scheme, title="Fonds culture Loire 2027", closes_at="2027-06-30", needs=["financement"]),
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.title == "Fonds culture Loire 2027"
    assert scheme.needs == ["financement"]
    assert scheme.closes_at is not None
    assert timezone.localtime(scheme.closes_at).date().isoformat() == "2027-06-30"
    assert scheme.field_sources["title"]["by"] == world["manager"].pk

    response = client.post(f"/dispositifs/{scheme.uid}/soumettre/", {"version": str(scheme.version)})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SUBMITTED
    assert "Fonds culture Loire 2027" not in client.get("/dispositifs/").content.decode()

    client.force_login(world["moderator"])
    queue = client.get("/dispositifs/a-moderer/").content.decode()
    assert "Fonds culture Loire 2027" in queue
    response = client.post(
        f"/dispositifs/a-moderer/{scheme.uid}/", {"decision": "publier", "version": str(scheme.version)}
    )
    assert response.status_code == 302

    client.logout()
    assert "Fonds culture Loire 2027" in client.get("/dispositifs/").content.decode()


def test_a_manager_may_not_publish(world: dict[str, Any], client: Client) -> None:
    scheme = world["scheme"]
    client.force_login(world["manager"])

    assert client.get("/dispositifs/a-moderer/").status_code == 403
    response = client.post(
        f"/dispositifs/a-moderer/{scheme.uid}/", {"decision": "publier", "version": str(scheme.version)}
    )

    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT


def test_a_moderator_edits_too(world: dict[str, Any], client: Client) -> None:
    scheme = world["scheme"]
    client.force_login(world["moderator"])

    response = client.post(edit_url(scheme), form_data(scheme, promise="Un fonds pour la Loire"))

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.promise == "Un fonds pour la Loire"


def test_bad_input_is_refused_in_french(world: dict[str, Any], client: Client) -> None:
    scheme = world["scheme"]
    client.force_login(world["manager"])

    response = client.post(
        edit_url(scheme),
        form_data(
            scheme,
            title="",
            geo_codes="DEP-42 DEP-999",
            url_source="pas une adresse",
            opens_at="2027-06-30",
            closes_at="2027-01-01",
            targets=[],
            version="\uff11",  # a digit, but not an ASCII one
        ),
    )

    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Ce champ est obligatoire.",
        "Territoire inconnu : DEP-999.",
        "Saisissez une adresse web complète",
        "La clôture ne peut pas précéder l",
        "Cochez au moins un public.",
        "La version de la fiche est illisible",
    ):
        assert message in html
    scheme.refresh_from_db()
    assert scheme.version == 1


def test_a_stale_edit_gets_409_with_the_other_change_shown(world: dict[str, Any], client: Client) -> None:
    scheme = world["scheme"]
    read_at = form_data(scheme)
    scheme_update(scheme=scheme, actor=world["moderator"], expected_version=1, promise="Écrit entre-temps")
    client.force_login(world["manager"])

    response = client.post(edit_url(scheme), {**read_at, "promise": "Ma promesse"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "pendant que vous le modifiiez" in html
    assert "Écrit entre-temps" in html
    assert "Ma promesse" in html  # the person's input is kept
    assert 'name="version" value="2"' in html  # resending writes at the new version
    scheme.refresh_from_db()
    assert scheme.promise == "Écrit entre-temps"


def test_a_stale_submit_gets_409(world: dict[str, Any], client: Client) -> None:
    scheme = world["scheme"]
    scheme_update(scheme=scheme, actor=None, expected_version=1, promise="Autre")
    client.force_login(world["manager"])

    response = client.post(f"/dispositifs/{scheme.uid}/soumettre/", {"version": "1"})

    assert response.status_code == 409
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT


def test_submitting_twice_is_a_400_in_french(world: dict[str, Any], client: Client) -> None:
    scheme = world["scheme"]
    client.force_login(world["manager"])
    client.post(f"/dispositifs/{scheme.uid}/soumettre/", {"version": "1"})

    response = client.post(f"/dispositifs/{scheme.uid}/soumettre/", {"version": "2"})

    assert response.status_code == 400
    assert "ne peut pas passer" in response.content.decode()


def test_the_detail_page_links_to_the_edit_page_for_those_who_edit(
    world: dict[str, Any], client: Client
) -> None:
    scheme = make_scheme(title="Public")
    client.force_login(world["manager"])
    assert "/modifier/" in client.get(f"/dispositifs/{world['scheme'].uid}/").content.decode()
    assert "/modifier/" not in client.get(f"/dispositifs/{scheme.uid}/").content.decode()
