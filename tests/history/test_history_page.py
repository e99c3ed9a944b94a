"""The history page: public, naming people only as they chose, in a bounded number of queries."""

from html import unescape

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.structures.models import Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import UserFactory


def history_of(client: Client, structure: Structure) -> str:
    response = client.get(f"/structures/{structure.slug}/historique/")
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def changed(le_fil: Structure, member: User) -> Structure:
    structure_update(
        structure=le_fil, actor=member, comment="Nouveau site", website="https://le-fil.example.org"
    )
    return le_fil


def test_visitors_see_what_changed_when_and_the_role_of_the_author(
    client: Client, changed: Structure
) -> None:
    html = history_of(client, changed)

    assert "Historique de la fiche « Le Fil »" in html
    assert "Modification" in html
    assert "Site web" in html
    assert "https://lefil.example.org" in html
    assert "https://le-fil.example.org" in html
    assert "Par Membre" in html
    assert "Nouveau site" in html
    assert "Camille Martin" not in html  # the member did not make their name public
    assert "Rétablir" not in html


def test_an_author_who_chose_a_public_name_is_named(client: Client, changed: Structure, member: User) -> None:
    member.name_is_public = True
    member.save()

    assert "Par Camille Martin (membre)" in history_of(client, changed)


def test_coordinators_see_the_authors_name_and_email_and_a_revert_button(
    client: Client, changed: Structure, member: User, coordinator: User
) -> None:
    client.force_login(coordinator)

    html = history_of(client, changed)

    assert "Camille Martin (membre)" in html
    assert member.email in html
    assert "Rétablir les valeurs d'avant" in html


def test_the_members_of_the_structure_see_names_but_not_emails(
    client: Client, changed: Structure, member: User
) -> None:
    colleague = UserFactory.create()
    changed.memberships.create(user=colleague)
    client.force_login(colleague)

    html = history_of(client, changed)

    assert "Camille Martin (membre)" in html
    assert member.email not in html
    assert "Rétablir" not in html


def test_an_unknown_structure_has_no_history(client: Client, db: None) -> None:
    assert client.get("/structures/personne/historique/").status_code == 404


def test_the_history_is_read_in_a_bounded_number_of_queries(
    client: Client, le_fil: Structure, member: User, coordinator: User, django_assert_max_num_queries: object
) -> None:
    for number in range(40):
        structure_update(structure=le_fil, actor=member, phone=f"04 77 00 00 {number:02d}")
    client.force_login(coordinator)

    # Session, user, structure, two permission checks (each: role, perimeter), count, page, names.
    with django_assert_max_num_queries(14):  # type: ignore[operator]
        html = history_of(client, le_fil)

    assert html.count("Rétablir les valeurs d'avant") == 30
