"""A carrier's manager writes a fiche through the pages; a moderator publishes it past the gate."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from maillage.initiatives.enums import InitiativeState
from maillage.initiatives.models import Initiative
from maillage.memberships.enums import MemberRole
from maillage.territories.models import Territory
from tests.accounts.factories import PASSWORD, StructureMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def form(initiative: Initiative, **values: object) -> dict[str, object]:
    data: dict[str, object] = {"title": initiative.title, "version": initiative.version, "territory": ""}
    data.update(values)
    return data


def test_a_manager_drafts_fills_and_submits_and_a_moderator_publishes(client: Client) -> None:
    Territory.objects.create(id="DEP-99", name="Essai", level="departement")
    membership = StructureMembershipFactory.create(role=MemberRole.MANAGER)
    client.login(email=membership.user.email, password=PASSWORD)
    response = client.post(
        reverse("initiatives:new"), {"title": "Un pôle de coopération", "carrier": membership.structure.pk}
    )
    assert response.status_code == 302
    fiche = Initiative.objects.get()
    assert fiche.state == InitiativeState.DRAFT
    edit_url = reverse("initiatives:edit", args=[fiche.slug])
    page = unescape(client.get(edit_url).content.decode())
    assert "Le résumé manque." in page

    saved = client.post(edit_url, form(fiche, summary="Un pôle qui mutualise.", territory="dep-99"))
    assert saved.status_code == 302
    fiche.refresh_from_db()
    assert fiche.territory_id == "DEP-99"
    stale = client.post(edit_url, form(fiche, summary="Autre", version=fiche.version - 1))
    assert stale.status_code == 409
    assert "Un pôle qui mutualise." in unescape(stale.content.decode())
    unknown = client.post(edit_url, form(fiche, territory="XYZ-0"))
    assert unknown.status_code == 400
    assert "Territoire inconnu" in unescape(unknown.content.decode())

    figure = {"metric": "employees", "year": "2024", "value": "12", "source_label": ""}
    assert client.post(reverse("initiatives:add_figure", args=[fiche.slug]), figure).status_code == 302
    submit = reverse("initiatives:transition", args=[fiche.slug, "soumettre"])
    assert client.post(submit, {"version": fiche.version}).status_code == 302
    fiche.refresh_from_db()
    assert fiche.state == InitiativeState.SUBMITTED
    publish = reverse("initiatives:transition", args=[fiche.slug, "publier"])
    assert client.post(publish, {"version": fiche.version}).status_code == 403  # carriers never publish

    staff = UserFactory.create(is_staff=True)
    client.login(email=staff.email, password=PASSWORD)
    refused = client.post(publish, {"version": fiche.version})
    assert refused.status_code == 400
    assert "Chiffre sans source" in unescape(refused.content.decode())
    fiche.figures.update(source_label="Rapport d'activité 2024")
    assert client.post(publish, {"version": fiche.version}).status_code == 302
    fiche.refresh_from_db()
    assert fiche.state == InitiativeState.PUBLISHED


def test_strangers_and_bad_input_never_reach_a_server_error(client: Client) -> None:
    membership = StructureMembershipFactory.create(role=MemberRole.MANAGER)
    client.login(email=membership.user.email, password=PASSWORD)
    client.post(reverse("initiatives:new"), {"title": "Fiche", "carrier": membership.structure.pk})
    fiche = Initiative.objects.get()
    client.logout()
    stranger = UserFactory.create()
    client.login(email=stranger.email, password=PASSWORD)
    assert client.get(reverse("initiatives:edit", args=[fiche.slug])).status_code == 403
    assert (
        client.post(
            reverse("initiatives:new"), {"title": "X", "carrier": membership.structure.pk}
        ).status_code
        == 400
    )
    client.login(email=membership.user.email, password=PASSWORD)
    submit = reverse("initiatives:transition", args=[fiche.slug, "soumettre"])
    assert client.post(submit, {"version": "\u0661"}).status_code == 400
    assert client.post(reverse("initiatives:transition", args=[fiche.slug, "voler"])).status_code == 404
    bad_figure = {"metric": "magie", "year": "3000", "value": "-1"}
    assert client.post(reverse("initiatives:add_figure", args=[fiche.slug]), bad_figure).status_code == 400
