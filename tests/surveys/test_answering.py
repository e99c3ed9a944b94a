"""Members answer for their structure within the campaign's scope, and revise the answer until it closes."""

from collections.abc import Callable
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.structures.models import Structure
from maillage.surveys import services
from maillage.surveys.models import Campaign, Response
from tests.accounts.factories import NetworkCoordinatorFactory, UserFactory
from tests.structures.factories import RelationFactory, StructureFactory
from tests.surveys.conftest import LYON, ROANNE
from tests.surveys.factories import CampaignFactory, answers

MakeStructure = Callable[..., Structure]
MemberOf = Callable[[Structure], User]


def answer_url(campaign: Campaign, structure: Structure) -> str:
    return reverse("surveys:answer", kwargs={"pk": campaign.pk, "slug": structure.slug})


def form_data(**chosen: object) -> dict[str, object]:
    return {**answers(), **chosen}


@pytest.mark.django_db
def test_a_member_answers_then_revises_until_the_campaign_closes(
    client: Client, campaign: Campaign, coordinator: User, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    structure = make_structure(ROANNE)
    member = member_of(structure)
    client.force_login(member)

    page = client.get(answer_url(campaign, structure))
    assert page.status_code == 200
    html = unescape(page.content.decode())
    assert '<legend><h2 class="survey-theme-title">Emploi et fonction employeur</h2></legend>' in html
    assert "Mutualiser un emploi (groupement d'employeurs)" in html

    sent = client.post(
        answer_url(campaign, structure),
        form_data(
            emploi_niveau="fort", emploi_sujets=["mutualiser", "fonction_employeur"], **{"libre-1": "Oui"}
        ),
    )
    assert sent.status_code == 302
    response = Response.objects.get(campaign=campaign, structure=structure)
    assert response.answers["emploi_niveau"] == "fort"
    assert response.answers["emploi_sujets"] == ["mutualiser", "fonction_employeur"]
    assert response.free_text == {"libre-1": "Oui"}
    assert "est enregistrée" in unescape(client.get(campaign.get_absolute_url()).content.decode())

    # Revising: the form shows the saved answers, and a new submission replaces them.
    html = unescape(client.get(answer_url(campaign, structure)).content.decode())
    assert 'value="fort" id="id_emploi_niveau_0" checked' in html or 'value="fort"' in html
    assert 'name="emploi_sujets" value="mutualiser"' in html
    assert "checked" in html
    client.post(answer_url(campaign, structure), form_data(emploi_niveau="modere"))
    response.refresh_from_db()
    assert response.answers["emploi_niveau"] == "modere"
    assert "emploi_sujets" not in response.answers
    assert Response.objects.filter(campaign=campaign).count() == 1

    client.force_login(coordinator)
    assert client.post(reverse("surveys:close", kwargs={"pk": campaign.pk})).status_code == 302
    client.force_login(member)
    refused = client.post(answer_url(campaign, structure), form_data(emploi_niveau="fort"))
    assert refused.status_code == 403
    assert "L'enquête est close" in unescape(refused.content.decode())
    response.refresh_from_db()
    assert response.answers["emploi_niveau"] == "modere"
    read_only = unescape(client.get(answer_url(campaign, structure)).content.decode())
    assert "ne peut plus être modifiée" in read_only
    assert "Enregistrer la réponse" not in read_only
    assert "disabled" in read_only


@pytest.mark.django_db
def test_the_saved_answer_is_prefilled(
    client: Client, campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    structure = make_structure()
    user = member_of(structure)
    services.response_submit(
        user=user,
        campaign=campaign,
        structure=structure,
        answers=answers(numerique_niveau="fort", numerique_sujets=["billetterie"]),
    )
    client.force_login(user)
    html = unescape(client.get(answer_url(campaign, structure)).content.decode())
    assert 'name="numerique_niveau" value="fort" required id="id_numerique_niveau_0" checked' in html
    assert 'name="numerique_sujets" value="billetterie" id="id_numerique_sujets_2" checked' in html


@pytest.mark.django_db
def test_a_structure_outside_the_scope_cannot_answer(
    client: Client, campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    lyon = make_structure(LYON)
    client.force_login(member_of(lyon))
    for response in (
        client.get(answer_url(campaign, lyon)),
        client.post(answer_url(campaign, lyon), form_data()),
    ):
        assert response.status_code == 403
        assert "pas dans le périmètre de l'enquête" in unescape(response.content.decode())
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_member_of_one_structure_cannot_answer_for_another(
    client: Client, campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    mine, theirs = make_structure(), make_structure()
    client.force_login(member_of(mine))
    response = client.post(answer_url(campaign, theirs), form_data())
    assert response.status_code == 403
    assert "Seuls les membres de la structure" in unescape(response.content.decode())
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_missing_and_unknown_answers_are_explained_in_french(
    client: Client, campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    structure = make_structure()
    client.force_login(member_of(structure))
    data = form_data(gouvernance_sujets=["inconnu"])
    del data["formation_niveau"]
    response = client.post(answer_url(campaign, structure), data)
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "La réponse n'a pas pu être enregistrée" in html
    assert "Répondez à cette question." in html
    assert "Sélectionnez un choix valide. inconnu n\u2019en fait pas partie." in html
    assert 'aria-invalid="true"' in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_the_questionnaire_rejects_unknown_questions_and_choices(
    campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    structure = make_structure()
    user = member_of(structure)
    with pytest.raises(ValidationError) as unknown_question:
        services.response_submit(
            user=user, campaign=campaign, structure=structure, answers=answers(couleur_preferee="bleu")
        )
    assert "Question inconnue : « couleur_preferee »." in unknown_question.value.messages
    with pytest.raises(ValidationError) as unknown_choice:
        services.response_submit(
            user=user, campaign=campaign, structure=structure, answers=answers(emploi_niveau="enorme")
        )
    assert unknown_choice.value.message_dict == {"emploi_niveau": ["Choix inconnu : « enorme »."]}
    with pytest.raises(ValidationError) as unknown_free_text:
        services.response_submit(
            user=user, campaign=campaign, structure=structure, answers=answers(), free_text={"libre-9": "?"}
        )
    assert "Question ouverte inconnue : « libre-9 »." in unknown_free_text.value.messages
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_members_of_a_network_answer_its_campaign(
    client: Client, loire_rhone: None, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    network = StructureFactory.create(network=True)
    coordination = NetworkCoordinatorFactory.create(network=network)
    campaign = CampaignFactory.create(network=network, created_by=coordination.user)
    member = make_structure(LYON)
    RelationFactory.create(source=member, kind="member_of", target=network)
    former = make_structure()
    RelationFactory.create(source=former, kind="member_of", target=network, end_date="2020-01-01")

    client.force_login(member_of(member))
    assert client.post(answer_url(campaign, member), form_data()).status_code == 302
    client.force_login(member_of(former))
    assert client.post(answer_url(campaign, former), form_data()).status_code == 403
    assert Response.objects.filter(campaign=campaign).count() == 1


@pytest.mark.django_db
def test_a_campaign_in_preparation_cannot_be_answered(
    client: Client, loire: object, coordinator: User, make_structure: MakeStructure, member_of: MemberOf
) -> None:
    draft = CampaignFactory.create(territory=loire, draft=True, created_by=coordinator)
    structure = make_structure()
    client.force_login(member_of(structure))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.post(answer_url(draft, structure), form_data()).status_code == 404
    client.force_login(UserFactory.create(is_superuser=True))
    assert client.get(draft.get_absolute_url()).status_code == 200
