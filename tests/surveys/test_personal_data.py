"""What the surveys hold about a person is exported with the account, and erased with it."""

from collections.abc import Callable

import pytest

from maillage.accounts.models import User
from maillage.accounts.personal_data import SECTIONS
from maillage.structures.models import Structure
from maillage.surveys import services
from maillage.surveys.models import Campaign, Response
from tests.surveys.factories import answers

MakeStructure = Callable[..., Structure]
MemberOf = Callable[[Structure], User]


@pytest.fixture
def two_authors(
    campaign: Campaign, make_structure: MakeStructure, member_of: MemberOf
) -> tuple[User, User, Response]:
    """One member writes the free text, another revises the closed answers and leaves the text as it is."""
    structure = make_structure()
    author, reviser = member_of(structure), member_of(structure)
    for user in (author, reviser):
        services.response_submit(
            user=user,
            campaign=campaign,
            structure=structure,
            answers=answers(),
            free_text={"libre-1": "Notre salle de répétition est libre le lundi."},
        )
    return author, reviser, Response.objects.get()


@pytest.mark.django_db
def test_the_export_lists_the_responses_entered_and_the_texts_written(
    campaign: Campaign, two_authors: tuple[User, User, Response]
) -> None:
    author, reviser, response = two_authors
    export = SECTIONS["surveys"].export

    [written] = export(author)
    assert written["campaign"] == campaign.title
    assert written["structure"] == response.structure.name
    assert written["entered_by_you"] is False
    assert written["free_text"] == {"libre-1": "Notre salle de répétition est libre le lundi."}
    [entered] = export(reviser)
    assert entered["entered_by_you"] is True
    assert entered["free_text"] == {}
    assert entered["created_at"] == response.created_at.isoformat()


@pytest.mark.django_db
def test_erasing_blanks_the_texts_written_and_detaches_the_responses_entered(
    two_authors: tuple[User, User, Response],
) -> None:
    author, reviser, response = two_authors
    erase = SECTIONS["surveys"].erase

    erase(reviser)
    response.refresh_from_db()
    assert response.answered_by is None
    assert response.free_text == {"libre-1": "Notre salle de répétition est libre le lundi."}

    erase(author)
    response.refresh_from_db()
    assert response.free_text == {}
    assert response.free_text_authors == {}
    # The structure's closed answers stay: they are not the person's.
    assert response.answers == answers()
