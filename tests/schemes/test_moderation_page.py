"""/dispositifs/a-moderer/: who sees the queue, its scope, the decisions on schemes and imported changes."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from maillage.memberships.enums import MemberRole
from maillage.schemes.enums import ReviewStatus, SchemeStatus
from maillage.schemes.importer import import_schemes
from maillage.schemes.models import Scheme, SchemeReview
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dispositif-aide"
QUEUE = "/dispositifs/a-moderer/"


def carried(structure: Any, title: str, status: str = SchemeStatus.SUBMITTED) -> Scheme:
    return make_scheme(
        title=title,
        status=status,
        porteurs=[{"nom": structure.name, "siren": "", "roles": ["instructeur"], "structure": structure}],
    )


@pytest.fixture
def world(loire_rhone: None) -> dict[str, Any]:
    a = StructureFactory.create(name="CRESS", commune_id="COM-42218", siren="")
    lyon = StructureFactory.create(name="Lyon", commune_id="COM-69123", siren="")
    return {
        "a": a,
        "lyon": lyon,
        "mine": carried(a, "Soumis dans la Loire"),
        "theirs": carried(lyon, "Soumis dans le Rhone"),
        "anonymous": None,
        "outsider": UserFactory.create(),
        "manager": StructureMembershipFactory.create(structure=a, role=MemberRole.MANAGER).user,
        "moderator": TerritoryCoordinatorFactory.create(territory_id="DEP-42").user,
        "staff": UserFactory.create(is_staff=True),
    }


# role: (status of the queue, sees the Loire's scheme, sees the Rhône's)
MATRIX = {
    "anonymous": (302, False, False),
    "outsider": (403, False, False),
    "manager": (403, False, False),
    "moderator": (200, True, False),
    "staff": (200, True, True),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_who_sees_the_queue_and_what(role: str, world: dict[str, Any], client: Client) -> None:
    if world[role] is not None:
        client.force_login(world[role])

    response = client.get(QUEUE)

    html = response.content.decode()
    assert (response.status_code, "Soumis dans la Loire" in html, "Soumis dans le Rhone" in html) == MATRIX[
        role
    ]


def test_a_moderator_sends_a_scheme_back_to_its_porteurs(world: dict[str, Any], client: Client) -> None:
    client.force_login(world["moderator"])
    scheme = world["mine"]

    response = client.post(f"{QUEUE}{scheme.uid}/", {"decision": "renvoyer", "version": str(scheme.version)})

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.DRAFT
    assert f"{QUEUE}{scheme.uid}/" not in client.get(QUEUE).content.decode()


def test_a_moderator_may_not_decide_outside_their_scope(world: dict[str, Any], client: Client) -> None:
    client.force_login(world["moderator"])
    scheme = world["theirs"]

    response = client.post(f"{QUEUE}{scheme.uid}/", {"decision": "publier", "version": str(scheme.version)})

    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SUBMITTED


def test_a_stale_or_garbled_decision_is_refused_in_french(world: dict[str, Any], client: Client) -> None:
    client.force_login(world["moderator"])
    scheme = world["mine"]

    stale = client.post(f"{QUEUE}{scheme.uid}/", {"decision": "publier", "version": "7"})
    garbled = client.post(f"{QUEUE}{scheme.uid}/", {"decision": "supprimer", "version": "1"})
    unreadable = client.post(f"{QUEUE}{scheme.uid}/", {"decision": "publier", "version": "1 OR 1"})

    assert stale.status_code == 409
    assert "relisez-le avant de décider" in stale.content.decode()
    assert garbled.status_code == 400
    assert "Choisissez de publier" in garbled.content.decode()
    assert unreadable.status_code == 400
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.SUBMITTED


def test_a_moderator_accepts_or_sets_aside_imported_changes(world: dict[str, Any], client: Client) -> None:
    published = carried(world["a"], "Publié dans la Loire", SchemeStatus.PUBLISHED)
    accepted = SchemeReview.objects.create(
        scheme=published, source="catalogue", changes={"promise": "Nouvelle"}
    )
    client.force_login(world["moderator"])

    html = client.get(QUEUE).content.decode()
    assert "Publié dans la Loire" in html
    assert "Nouvelle" in html
    response = client.post(f"{QUEUE}changements/{accepted.pk}/", {"decision": "accepter"})

    assert response.status_code == 302
    published.refresh_from_db()
    assert published.promise == "Nouvelle"
    assert published.field_sources["promise"]["source"] == "catalogue"
    again = client.post(f"{QUEUE}changements/{accepted.pk}/", {"decision": "ecarter"})
    assert again.status_code == 409
    assert "déjà été examinés" in again.content.decode()

    refused = SchemeReview.objects.create(scheme=published, source="catalogue", changes={"promise": "Autre"})
    client.post(f"{QUEUE}changements/{refused.pk}/", {"decision": "ecarter"})
    refused.refresh_from_db()
    published.refresh_from_db()
    assert refused.status == ReviewStatus.REJECTED
    assert published.promise == "Nouvelle"


def test_a_review_outside_the_scope_is_refused(world: dict[str, Any], client: Client) -> None:
    published = carried(world["lyon"], "Publié dans le Rhone", SchemeStatus.PUBLISHED)
    review = SchemeReview.objects.create(scheme=published, source="catalogue", changes={"promise": "Non"})
    client.force_login(world["moderator"])

    assert "Publié dans le Rhone" not in client.get(QUEUE).content.decode()
    assert client.post(f"{QUEUE}changements/{review.pk}/", {"decision": "accepter"}).status_code == 403
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING


@pytest.mark.django_db
def test_staff_apply_an_import_review_from_the_page(client: Client) -> None:
    text = (FIXTURES / "dispositif-aide.exemple.csv").read_text(encoding="utf-8")
    import_schemes(text.encode(), source="catalogue")
    import_schemes(text.replace("Accélérateur décarbonation", "Accélérateur").encode(), source="catalogue")
    review = Scheme.objects.get().reviews.get()
    client.force_login(UserFactory.create(is_staff=True))

    response = client.post(f"{QUEUE}changements/{review.pk}/", {"decision": "accepter"})

    assert response.status_code == 302
    assert Scheme.objects.get().title == "Accélérateur"


def test_the_queue_reads_in_a_bounded_number_of_queries(
    world: dict[str, Any], client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(15):
        carried(world["a"], f"Soumis {n}")
        published = carried(world["a"], f"Publié {n}", SchemeStatus.PUBLISHED)
        SchemeReview.objects.create(scheme=published, source="catalogue", changes={"promise": f"P{n}"})
    client.force_login(world["moderator"])

    with django_assert_max_num_queries(10):
        response = client.get(QUEUE)

    assert response.status_code == 200
    assert response.content.decode().count("Appliquer ces changements") == 15


def test_the_moderators_workspace_links_to_the_queue(world: dict[str, Any], client: Client) -> None:
    client.force_login(world["moderator"])

    assert QUEUE in client.get("/contribuer/moderation/").content.decode()
    assert QUEUE in client.get("/compte/").content.decode()
