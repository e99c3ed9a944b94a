"""/alertes/: the signed-in person sees the alerts they follow, each with a link that stops it."""

import re

import pytest
from django.test import Client

from maillage.alerts.models import Alert
from tests.accounts.factories import UserFactory
from tests.alerts.conftest import MakeAlert


def stop_links(page: str) -> list[str]:
    return re.findall(r'href="(/alertes/arreter/[^"/]+/)"', page)


def test_a_person_sees_their_alerts_and_stops_one(
    client: Client, make_alert: MakeAlert, django_assert_max_num_queries
) -> None:
    lea = UserFactory.create(email="lea@example.org")
    loire = make_alert("territoire=DEP-42")
    make_alert("territoire=DEP-69", confirmed=False)
    make_alert("territoire=DEP-42", email="someone.else@example.org")
    stopped = make_alert("q=cirque")
    Alert.objects.filter(pk=stopped.pk).update(unsubscribed_at=stopped.confirmed_at)
    client.force_login(lea)

    with django_assert_max_num_queries(6):
        page = client.get("/alertes/").content.decode()

    assert "Nouvelles structures de l&#x27;annuaire — territoire : Loire" in page
    assert "territoire : Rhône" in page
    assert "En attente : ouvrez le lien de confirmation envoyé à lea@example.org" in page
    assert "cirque" not in page  # stopped already
    assert len(stop_links(page)) == 2
    assert f'href="/alertes/arreter/{loire.token}/"' in page

    confirm = client.get(f"/alertes/arreter/{loire.token}/")
    assert "Arrêter cette alerte" in confirm.content.decode()
    client.post(f"/alertes/arreter/{loire.token}/")

    page = client.get("/alertes/").content.decode()
    assert "territoire : Loire" not in page
    assert len(stop_links(page)) == 1


def test_an_unconfirmed_account_address_shows_only_the_alerts_it_created(
    client: Client, make_alert: MakeAlert
) -> None:
    make_alert("territoire=DEP-42")  # by someone who typed this address, logged out
    client.force_login(UserFactory.create(email="lea@example.org", email_confirmed_at=None))

    page = client.get("/alertes/").content.decode()

    assert stop_links(page) == []
    assert "Vous ne suivez aucune recherche." in page


@pytest.mark.django_db
def test_the_list_asks_to_sign_in_first(client: Client) -> None:
    response = client.get("/alertes/")

    assert response.status_code == 302
    assert "next=/alertes/" in response["Location"]
