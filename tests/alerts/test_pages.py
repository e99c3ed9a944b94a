"""Alert pages: create from the directory's search, confirm by a button, stop in one click from the mail."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from maillage.accounts.personal_data import delete_account, export_user_data
from maillage.alerts.digests import send_digests
from maillage.alerts.models import Alert, SentItem
from tests.accounts.factories import UserFactory
from tests.alerts.conftest import SAINT_ETIENNE, MakeAlert
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/alertes/confirmer/[^/\s]+/)")


@pytest.mark.usefixtures("loire_rhone")
def test_the_directory_offers_to_follow_its_search(client: Client) -> None:
    page = client.get("/structures/?territoire=DEP-42").content.decode()

    assert 'href="/alertes/creer/structures/?territoire=DEP-42"' in page
    assert "Créer une alerte" in page


@pytest.mark.usefixtures("loire_rhone")
def test_an_alert_is_created_then_confirmed_by_its_address(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    page = client.get("/alertes/creer/structures/?territoire=DEP-42")
    assert "Nouvelles structures de l&#x27;annuaire — territoire : Loire" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/alertes/creer/structures/",
            {"email": "Lea@Example.org", "frequency": "weekly", "recherche": "territoire=DEP-42"},
            follow=True,
        )

    assert "Un courriel de confirmation vient de partir" in created.content.decode()
    alert = Alert.objects.get()
    assert (alert.email, alert.params, alert.confirmed_at) == (
        "lea@example.org",
        {"territoire": "DEP-42"},
        None,
    )
    [confirmation] = mail.outbox
    found = LINK.search(str(confirmation.body))
    assert found is not None
    path = found.group(1)
    # Opening the link (a mail scanner would) confirms nothing: the button does.
    assert "Confirmer l'alerte</button>" in client.get(path).content.decode()
    assert Alert.objects.get().confirmed_at is None

    confirmed = client.post(path)

    assert "Alerte confirmée" in confirmed.content.decode()
    assert Alert.objects.get().confirmed_at is not None


@pytest.mark.usefixtures("loire_rhone")
def test_the_kind_may_come_as_a_parameter_beside_the_searchs_own_type(client: Client) -> None:
    page = client.get("/alertes/creer/?type=structures&type=network&territoire=DEP-42")

    assert page.status_code == 200
    assert "type : Réseau ou fédération" in page.content.decode()


@pytest.mark.usefixtures("loire_rhone")
def test_a_search_that_makes_no_sense_is_refused_in_french(client: Client) -> None:
    page = client.get("/alertes/creer/structures/?territoire=DEP-999")

    assert page.status_code == 400
    assert "Territoire inconnu" in page.content.decode()
    assert client.get("/alertes/creer/inconnu/").status_code == 404
    assert client.get("/alertes/creer/").status_code == 404
    assert client.get("/alertes/enregistree/").status_code == 404


def test_a_logged_in_person_with_a_confirmed_address_needs_no_second_confirmation(
    client: Client, loire_rhone: None
) -> None:
    user = UserFactory.create(email="lea@example.org")
    client.force_login(user)

    client.post(
        "/alertes/creer/structures/", {"email": "lea@example.org", "frequency": "daily", "recherche": ""}
    )

    assert Alert.objects.get().confirmed_at is not None
    assert mail.outbox == []


@pytest.mark.usefixtures("loire_rhone")
def test_creating_alerts_is_rate_limited(client: Client) -> None:
    statuses = [
        client.post(
            "/alertes/creer/structures/",
            {"email": f"p{n}@example.org", "frequency": "daily", "recherche": "territoire=DEP-42"},
        ).status_code
        for n in range(11)
    ]

    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_unsubscribing_takes_one_click_from_the_mail(make_alert: MakeAlert) -> None:
    make_alert("territoire=DEP-42")
    make_alert("territoire=DEP-69")
    StructureFactory.create(commune_id=SAINT_ETIENNE)
    mail.outbox.clear()
    send_digests(frequency="daily")
    [digest] = mail.outbox
    url = digest.message()["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    # What a mail program sends (RFC 8058): a bare POST, no cookie, no CSRF token.
    mail_program = Client(enforce_csrf_checks=True)

    answer = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert answer.status_code == 200
    assert Alert.objects.active().count() == 0
    StructureFactory.create(commune_id=SAINT_ETIENNE)
    mail.outbox.clear()
    assert send_digests(frequency="daily").sent == 0


def test_the_unsubscribe_page_asks_before_stopping_one_alert(client: Client, make_alert: MakeAlert) -> None:
    kept = make_alert("territoire=DEP-69")
    stopped = make_alert("territoire=DEP-42")

    page = client.get(f"/alertes/arreter/{stopped.token}/").content.decode()
    assert "Arrêter cette alerte" in page
    assert Alert.objects.active().count() == 2

    client.post(f"/alertes/arreter/{stopped.token}/")

    assert list(Alert.objects.active()) == [kept]
    assert client.get("/alertes/arreter/inconnu/").status_code == 404


def test_the_alerts_are_in_the_data_export_and_erased_with_the_account(make_alert: MakeAlert) -> None:
    user = UserFactory.create(email="lea@example.org")
    make_alert("territoire=DEP-42")
    StructureFactory.create(commune_id=SAINT_ETIENNE)
    send_digests(frequency="daily")

    [exported] = export_user_data(user)["alerts"]
    assert (exported["search"], exported["items_sent"]) == (
        "Nouvelles structures de l'annuaire — territoire : Loire",
        1,
    )

    delete_account(user)

    assert (Alert.objects.count(), SentItem.objects.count()) == (0, 0)
