"""Proposing a structure unknown to the directory: the territory's coordinators decide, the author manages."""

import pytest
from django.core import mail
from django.urls import reverse

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from tests.structures.factories import DisciplineFactory, fake_siret

START = reverse("contributions:start")


@pytest.fixture
def siret(db: None) -> str:
    return fake_siret()


def propose(client, siret: str, capture, **overrides: object):
    data = {
        "action": "create",
        "siret": siret,
        "name": "La Fabrique à Sons",
        "kind": "cultural",
        "description": "Studio associatif de musiques actuelles.",
        "street": "3 place Jean-Jaurès",
        "postal_code": "42000",
        "commune": "Saint-Étienne",
        "disciplines": ["musique"],
        "activities": ["creation", "training"],
        "message": "Je suis la coordinatrice du studio.",
        **overrides,
    }
    with capture(execute=True):
        return client.post(f"{START}?siret={siret}", data)


def test_an_unknown_siret_offers_a_creation_form_with_siret_and_siren(client, siret) -> None:
    page = client.get(START, {"siret": siret}).content.decode()
    assert "Proposer une nouvelle structure" in page
    assert siret in page
    assert siret[:9] in page
    assert 'name="commune"' in page


def test_creation_is_proposed_then_accepted_and_the_author_manages_it(
    client, siret, outsider, loire_coordinator, rhone_coordinator, django_capture_on_commit_callbacks
) -> None:
    """An unknown SIRET becomes a proposal for the Loire's coordinators; once accepted, the record exists."""
    DisciplineFactory.create(slug="musique", name="Musique")
    client.force_login(outsider)
    response = propose(client, siret, django_capture_on_commit_callbacks)
    request = ChangeRequest.objects.get(kind=RequestKind.CREATE)
    assert response.url == reverse("contributions:request", args=[request.pk])
    assert request.commune_id == "COM-42218"
    assert request.proposed["siret"] == siret
    assert request.proposed["disciplines"] == ["musique"]
    assert not Structure.objects.filter(siret=siret).exists()
    assert [m.to for m in mail.outbox] == [[loire_coordinator.email]]

    client.force_login(rhone_coordinator)
    assert (
        client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"}).status_code
        == 403
    )

    client.force_login(loire_coordinator)
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert "La Fabrique à Sons" in queue
    assert "Saint-Étienne (42218)" in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    structure = Structure.objects.get(siret=siret)
    assert structure.name == "La Fabrique à Sons"
    assert structure.siren == siret[:9]
    assert structure.source == DataSource.CONTRIBUTION
    assert structure.commune_id == "COM-42218"
    assert [d.slug for d in structure.disciplines.all()] == ["musique"]
    assert sorted(a.activity for a in structure.activities.all()) == ["creation", "training"]
    assert StructureMembership.objects.get(structure=structure, user=outsider).role == MemberRole.MANAGER
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.structure == structure
    assert mail.outbox[-1].to == [outsider.email]
    assert f"/structures/{structure.slug}/" in mail.outbox[-1].body


def test_a_moderator_corrects_a_creation_before_accepting_it(
    client, siret, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    propose(client, siret, django_capture_on_commit_callbacks, name="la fabrik a son")
    request = ChangeRequest.objects.get()
    client.force_login(loire_coordinator)
    review = reverse("contributions:review", args=[request.pk])
    form = client.get(review).content.decode()
    assert 'value="la fabrik a son"' in form
    assert "Saint-Étienne (42000)" in form
    response = client.post(
        review,
        {
            "siret": siret,
            "name": "La Fabrique à Sons",
            "kind": "cultural",
            "commune": "Saint-Étienne (COM-42218)",
        },
    )
    assert response.status_code == 302
    assert Structure.objects.get(siret=siret).name == "La Fabrique à Sons"


def test_the_commune_must_be_found(
    client, loire_rhone, siret, outsider, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    response = propose(
        client, siret, django_capture_on_commit_callbacks, commune="Nullepart-sur-Mer", postal_code=""
    )
    assert response.status_code == 400
    assert "Aucune commune ne s&#x27;appelle" in response.content.decode()
    response = propose(client, siret, django_capture_on_commit_callbacks, commune="", postal_code="")
    assert "Indiquez la commune de la structure." in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_a_siret_already_in_the_directory_cannot_be_proposed_again(
    client, sirene_structure, outsider, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    response = propose(client, sirene_structure.siret, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "revendiquez-la plutôt" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_commune_suggestions_list_communes_only(client, loire_rhone) -> None:
    response = client.get(reverse("contributions:commune_options"), {"commune": "saint etienne"})
    assert response.status_code == 200
    options = response.content.decode()
    assert 'value="Saint-Étienne (42000)"' in options
    assert "DEP-" not in options


def test_a_postal_code_of_one_commune_is_enough(
    client, loire_rhone, siret, outsider, django_capture_on_commit_callbacks
) -> None:
    """Saint-Étienne's 42100 serves no other commune: the commune may be left empty."""
    client.force_login(outsider)
    response = propose(client, siret, django_capture_on_commit_callbacks, commune="", postal_code="42100")
    assert response.status_code == 302
    assert ChangeRequest.objects.get().commune_id == "COM-42218"
