"""Freshness: each record says when it was confirmed; stale ones are listed, their managers reminded."""

import datetime
from html import unescape

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import User
from maillage.history.models import Revision
from maillage.history.reminders import stale_reminders_send
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.structures.factories import StructureFactory

LONG_AGO = timezone.now() - datetime.timedelta(days=800)


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def stale_and_fresh(saint_etienne: Territory) -> dict[str, Structure]:
    lyon = Territory.objects.get(id="COM-69123")
    return {
        "old": StructureFactory.create(name="La Rotonde", commune=saint_etienne, confirmed_at=LONG_AGO),
        "never": StructureFactory.create(name="Le Méliès", commune=saint_etienne),
        "fresh": StructureFactory.create(
            name="La Comète", commune=saint_etienne, confirmed_at=timezone.now()
        ),
        "closed": StructureFactory.create(name="Le Zénith disparu", commune=saint_etienne, closed=True),
        "elsewhere": StructureFactory.create(name="Le Périscope", commune=lyon),
    }


def test_the_page_of_a_structure_says_when_it_was_last_confirmed(client: Client, le_fil: Structure) -> None:
    first = page(client, f"/structures/{le_fil.slug}/")
    assert "Informations confirmées ni par la structure ni par ses coordinateurs" in first
    assert "Dernière confirmation" not in first  # nobody confirmed it: no date pretends otherwise

    le_fil.confirmed_at = datetime.datetime(2025, 3, 4, 12, tzinfo=datetime.UTC)
    le_fil.save()

    html = page(client, f"/structures/{le_fil.slug}/")
    assert "Dernière confirmation par une personne : le 4 mars 2025" in html
    assert f'href="/structures/{le_fil.slug}/historique/"' in html


def test_imported_records_show_their_source_date_instead(client: Client, saint_etienne: Territory) -> None:
    imported = StructureFactory.create(
        name="Théâtre Libre", source="sirene", source_date=datetime.date(2024, 1, 1), commune=saint_etienne
    )

    assert "Données SIRENE (INSEE) du 1 janvier 2024, jamais confirmées par la structure" in page(
        client, f"/structures/{imported.slug}/"
    )


def test_a_member_confirms_the_record_from_its_page(client: Client, le_fil: Structure, member: User) -> None:
    client.force_login(member)
    assert "Confirmer ces informations" in page(client, f"/structures/{le_fil.slug}/")

    response = client.post(f"/entretien/confirmer/{le_fil.slug}/")

    assert response.status_code == 302
    assert response["Location"] == f"/structures/{le_fil.slug}/#confirmation"
    le_fil.refresh_from_db()
    assert le_fil.confirmed_at is not None
    revision = Revision.objects.filter(structure=le_fil).first()
    assert revision is not None
    assert (revision.action, revision.author) == ("confirm", member)


def test_someone_else_cannot_confirm(client: Client, le_fil: Structure, outsider: User) -> None:
    client.force_login(outsider)

    assert "Confirmer ces informations" not in page(client, f"/structures/{le_fil.slug}/")
    assert client.post(f"/entretien/confirmer/{le_fil.slug}/").status_code == 403
    le_fil.refresh_from_db()
    assert le_fil.confirmed_at is None


def test_coordinators_see_the_stale_records_of_their_perimeter(
    client: Client, stale_and_fresh: dict[str, Structure], coordinator: User
) -> None:
    client.force_login(coordinator)

    html = page(client, "/entretien/a-confirmer/")

    assert "La Rotonde" in html
    assert "Le Méliès" in html
    assert "La Comète" not in html
    assert "Le Zénith disparu" not in html
    assert "Le Périscope" not in html  # in Lyon, out of a Loire coordinator's perimeter
    assert html.index("Le Méliès") < html.index("La Rotonde")  # never confirmed comes first


def test_a_coordinator_confirms_from_the_list_and_comes_back_to_it(
    client: Client, stale_and_fresh: dict[str, Structure], coordinator: User
) -> None:
    client.force_login(coordinator)

    response = client.post(
        f"/entretien/confirmer/{stale_and_fresh['old'].slug}/",
        {"next": "/entretien/a-confirmer/"},
        follow=True,
    )

    html = unescape(response.content.decode())
    assert "Les informations de « La Rotonde » sont confirmées." in html
    assert "La Rotonde</a>" not in html


def test_the_stale_list_is_paginated_in_a_bounded_number_of_queries(
    client: Client, saint_etienne: Territory, coordinator: User, django_assert_max_num_queries: object
) -> None:
    StructureFactory.create_batch(60, commune=saint_etienne)
    client.force_login(coordinator)

    with django_assert_max_num_queries(8):  # type: ignore[operator]
        first = page(client, "/entretien/a-confirmer/")
    second = page(client, "/entretien/a-confirmer/?page=2")

    assert "60 fiches à confirmer — page 1 sur 2" in first
    assert "page 2 sur 2" in second


def test_the_stale_list_is_for_coordinators(client: Client, member: User) -> None:
    client.force_login(member)

    assert client.get("/entretien/a-confirmer/").status_code == 403


def test_managers_get_one_email_listing_their_stale_structures_and_only_once(
    stale_and_fresh: dict[str, Structure], django_capture_on_commit_callbacks: object
) -> None:
    manager = UserFactory.create(email="direction@example.org")
    for key in ("old", "never", "fresh"):
        StructureMembershipFactory.create(
            user=manager, structure=stale_and_fresh[key], role=MemberRole.MANAGER
        )
    StructureMembershipFactory.create(structure=stale_and_fresh["old"], role=MemberRole.MEMBER)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("remind_stale_structures", "--base-url", "https://maillage.example.org", verbosity=0)

    assert [m.to for m in mail.outbox] == [["direction@example.org"]]
    body = mail.outbox[0].body
    assert "La Rotonde" in body
    assert "Le Méliès" in body
    assert "La Comète" not in body
    assert f"https://maillage.example.org/structures/{stale_and_fresh['old'].slug}/" in body

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("remind_stale_structures", verbosity=0)
    assert len(mail.outbox) == 1

    # A period later, still unconfirmed: reminded again.
    later = timezone.now() + datetime.timedelta(days=400)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        run = stale_reminders_send(days=365, now=later)
    assert run.structures == {stale_and_fresh[k].pk for k in ("old", "never", "fresh")}
    assert len(mail.outbox) == 2


def test_a_dry_run_sends_and_records_nothing(
    stale_and_fresh: dict[str, Structure],
    capsys: pytest.CaptureFixture[str],
    django_capture_on_commit_callbacks: object,
) -> None:
    manager = UserFactory.create(email="direction@example.org")
    StructureMembershipFactory.create(user=manager, structure=stale_and_fresh["old"], role=MemberRole.MANAGER)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("remind_stale_structures", "--dry-run", "--days", "30")

    output = capsys.readouterr().out
    assert "direction@example.org : 1 fiche(s) — La Rotonde" in output
    assert "1 courriel(s) seraient envoyés pour 1 fiche(s) non confirmée(s) depuis 30 jours." in output
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        call_command("remind_stale_structures", verbosity=0)
    assert len(mail.outbox) == 1
