"""Large exports: refused to anonymous visitors with a way out, prepared in the background for members."""

import re
from html import unescape
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.structures.factories import StructureFactory
from tests.www.test_structure_exports import body, csv_names

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _five_structures_is_large(settings: Any) -> None:
    settings.EXPORT_IMMEDIATE_LIMIT = 4
    StructureFactory.create_batch(5, latitude=45.0, longitude=4.0)


def link_in(message: Any) -> str:
    found = re.search(r"http://\S+/structures/export/fichier/\S+/", message.body)
    assert found, message.body
    return found[0].removeprefix("http://testserver").removeprefix("http://localhost")


def test_an_anonymous_large_export_asks_to_narrow_the_filters_or_sign_in(client: Client) -> None:
    """Over the limit, a visitor gets a French explanation and no file."""
    response = client.get(reverse("structure_exports:csv"), {"q": ""})

    assert response.status_code == 403
    page = unescape(response.content.decode())
    assert "Votre sélection compte 5 structures" in page
    assert "Affinez les filtres de l'annuaire" in page
    assert "connectez-vous" in page
    assert not mail.outbox


def test_a_small_export_still_downloads_at_once(client: Client, settings: Any) -> None:
    """Under the limit nothing changes: the file streams in the response."""
    settings.EXPORT_IMMEDIATE_LIMIT = 5

    assert len(csv_names(client.get(reverse("structure_exports:csv")))) == 5


def test_a_member_gets_a_personal_link_by_email(client: Client, django_capture_on_commit_callbacks) -> None:
    """Signed in, the export is prepared by a task and its link, for this person only, is e-mailed."""
    owner = UserFactory.create()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("structure_exports:csv"))

    assert response.status_code == 202
    assert "Votre export de 5 structures au format tableur (CSV) est en cours de préparation" in unescape(
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == [owner.email]
    link = link_in(message)
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert len(csv_names(download)) == 5

    client.force_login(UserFactory.create())
    assert client.get(link).status_code == 404
    client.logout()
    assert client.get(link).status_code == 302  # to the login page


def test_an_expired_or_forged_link_is_refused(
    client: Client, settings: Any, django_capture_on_commit_callbacks
) -> None:
    """A link past its lifetime says so; a made-up one is unknown."""
    owner: User = UserFactory.create()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("structure_exports:geojson"))
    link = link_in(mail.outbox[0])
    assert body(client.get(link)).startswith("{")

    settings.EXPORT_LINK_MAX_AGE_SECONDS = -1
    expired = client.get(link)
    assert expired.status_code == 410
    assert "Ce lien de téléchargement a expiré" in unescape(expired.content.decode())
    assert client.get(reverse("structure_exports:prepared", kwargs={"token": "abc"})).status_code == 404
