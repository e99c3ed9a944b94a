"""Coordinators create, close and announce campaigns over their territories and networks; all list them."""

import datetime
from collections.abc import Callable
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.structures.models import Structure
from maillage.surveys.models import Campaign
from maillage.territories.models import Territory
from tests.accounts.factories import (
    NetworkCoordinatorFactory,
    StructureMembershipFactory,
    TerritoryCoordinatorFactory,
)
from tests.surveys.conftest import LYON
from tests.surveys.factories import CampaignFactory, ResponseFactory

MakeStructure = Callable[..., Structure]
MemberOf = Callable[[Structure], User]
CREATE = "/enquetes/nouvelle/"


def creation(**fields: str) -> dict[str, str]:
    today = timezone.localdate()
    return {
        "title": "Besoins des lieux culturels de la Loire",
        "description": "Pour préparer le programme d'accompagnement de l'an prochain.",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
        "extra_questions": "Quel projet aimeriez-vous mener à plusieurs ?\n\nUn mot pour la coordination ?",
        **fields,
    }


@pytest.mark.django_db
def test_a_territory_coordinator_creates_a_campaign_for_the_territory(
    client: Client, coordinator: User
) -> None:
    client.force_login(coordinator)
    form = unescape(client.get(CREATE).content.decode())
    assert '<option value="territoire:DEP-42">Loire (DEP-42)</option>' in form

    response = client.post(CREATE, creation(scope="territoire:DEP-42"))

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == campaign.get_absolute_url()
    assert campaign.territory_id == "DEP-42"
    assert campaign.created_by == coordinator
    assert campaign.is_open
    assert campaign.extra_questions == [
        {"id": "libre-1", "label": "Quel projet aimeriez-vous mener à plusieurs ?"},
        {"id": "libre-2", "label": "Un mot pour la coordination ?"},
    ]


@pytest.mark.django_db
def test_a_coordinator_of_a_region_creates_one_for_a_territory_within_it(
    client: Client, loire: Territory
) -> None:
    region = TerritoryCoordinatorFactory.create(territory=Territory.objects.get(pk="REG-84")).user
    client.force_login(region)
    assert client.post(CREATE, creation(other_territory="epci-244200770")).status_code == 302
    assert Campaign.objects.get().territory_id == "EPCI-244200770"


@pytest.mark.django_db
def test_a_coordinator_of_another_territory_cannot_create_one_for_this_one(
    client: Client, loire: Territory
) -> None:
    rhone = TerritoryCoordinatorFactory.create(territory=Territory.objects.get(pk="DEP-69")).user
    client.force_login(rhone)

    response = client.post(CREATE, creation(other_territory="DEP-42"))
    assert response.status_code == 403
    assert "Vous ne pouvez pas mener d'enquête sur ce périmètre." in unescape(response.content.decode())
    # The Loire is not among the choices offered either.
    assert client.post(CREATE, creation(scope="territoire:DEP-42")).status_code == 400
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_a_network_coordinator_creates_a_campaign_for_the_network(client: Client, db: None) -> None:
    coordination = NetworkCoordinatorFactory.create()
    client.force_login(coordination.user)
    assert client.post(CREATE, creation(scope=f"reseau:{coordination.network.pk}")).status_code == 302
    assert Campaign.objects.get().network == coordination.network


@pytest.mark.django_db
def test_people_without_a_coordination_cannot_open_the_form(
    client: Client, campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    client.force_login(member_of(make_structure()))
    response = client.get(CREATE)
    assert response.status_code == 403
    assert "Seules les coordinations" in unescape(response.content.decode())
    assert "Créer une enquête" not in unescape(client.get(reverse("surveys:list")).content.decode())


@pytest.mark.django_db
def test_creation_errors_are_explained_in_french(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    today = timezone.localdate()
    response = client.post(
        CREATE,
        creation(
            title="",
            other_territory="DEP-999",
            closes_on=(today - datetime.timedelta(days=1)).isoformat(),
            extra_questions="\n".join(f"Question {n} ?" for n in range(6)),
        ),
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Ce champ est obligatoire." in html
    assert "Territoire inconnu : « DEP-999 »." in html
    assert "La clôture ne peut précéder l'ouverture." in html
    assert "5 questions ouvertes au plus." in html
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_only_the_coordination_closes_a_campaign(
    client: Client, campaign: Campaign, coordinator: User, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    close = reverse("surveys:close", kwargs={"pk": campaign.pk})
    client.force_login(member_of(make_structure()))
    assert client.post(close).status_code == 403
    campaign.refresh_from_db()
    assert campaign.is_open

    client.force_login(coordinator)
    page = unescape(client.get(campaign.get_absolute_url()).content.decode())
    assert "Clore l'enquête maintenant" in page
    assert client.post(close).status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_closed
    assert "L'enquête est close" in unescape(client.get(campaign.get_absolute_url()).content.decode())


@pytest.mark.django_db
def test_inviting_emails_the_members_of_the_structures_in_scope(
    client: Client,
    campaign: Campaign,
    coordinator: User,
    make_structure: MakeStructure,
    django_capture_on_commit_callbacks,
) -> None:
    inside = make_structure()
    invited = [StructureMembershipFactory.create(structure=inside).user for _ in range(2)]
    StructureMembershipFactory.create(structure=make_structure(LYON))
    StructureMembershipFactory.create(structure=make_structure(is_active=False, closed_on="2020-01-01"))
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:invite", kwargs={"pk": campaign.pk}), follow=True)

    assert "Invitations en cours d'envoi à 2 personnes" in unescape(response.content.decode())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in invited)
    message = mail.outbox[0]
    assert message.subject == f"[maillage] Enquête de besoins : {campaign.title}"
    assert f"http://testserver/enquetes/{campaign.pk}/" in message.body
    campaign.refresh_from_db()
    assert campaign.invited_at is not None


@pytest.mark.django_db
def test_inviting_two_hundred_structures_sends_every_invitation(
    client: Client,
    campaign: Campaign,
    coordinator: User,
    make_structure: MakeStructure,
    django_capture_on_commit_callbacks,
) -> None:
    """Each member of 200 structures in scope gets their own invitation, sent by the background tasks."""
    invited = {StructureMembershipFactory.create(structure=make_structure()).user.email for _ in range(200)}
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("surveys:invite", kwargs={"pk": campaign.pk}), follow=True)

    assert "Invitations en cours d'envoi à 200 personnes" in unescape(response.content.decode())
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(invited)


@pytest.mark.django_db
def test_the_list_shows_published_campaigns_and_where_the_user_may_answer(
    client: Client,
    campaign: Campaign,
    coordinator: User,
    make_structure: MakeStructure,
    member_of: MemberOf,
    django_assert_max_num_queries,
) -> None:
    draft = CampaignFactory.create(territory=campaign.territory, draft=True, created_by=coordinator)
    closed = CampaignFactory.create(
        territory=campaign.territory, closed=True, title="Enquête de l'an dernier"
    )
    for _ in range(20):
        CampaignFactory.create(territory=Territory.objects.get(pk="DEP-69"), closed=True)
    structure = make_structure()
    user = member_of(structure)
    for _ in range(3):
        StructureMembershipFactory.create(user=user, structure=make_structure())
    ResponseFactory.create(campaign=closed, structure=structure)

    client.force_login(user)
    # 22 campaigns, and one permission query for each of the person's four structures in a scope; one more
    # for the header's moderation link (does this person moderate?).
    with django_assert_max_num_queries(14):
        html = unescape(client.get(reverse("surveys:list")).content.decode())
    assert campaign.title in html
    assert draft.title not in html
    assert reverse("surveys:answer", kwargs={"pk": campaign.pk, "slug": structure.slug}) in html
    assert reverse("surveys:answer", kwargs={"pk": closed.pk, "slug": structure.slug}) not in html
    assert "Page 1 sur 2" in html

    client.force_login(coordinator)
    html = unescape(client.get(reverse("surveys:list")).content.decode())
    assert "Vos enquêtes en préparation" in html
    assert draft.title in html
    assert "Créer une enquête" in html
