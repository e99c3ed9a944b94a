"""A coordinator undoes a change; a change made again since is never silently lost."""

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from maillage.accounts.models import User
from maillage.history.models import Revision
from maillage.history.revert import revision_revert
from maillage.structures.enums import Metric, RelationKind
from maillage.structures.models import Discipline, KeyFigure, Relation, Structure
from maillage.structures.relation_services import key_figure_set, relation_create
from maillage.structures.services import structure_update
from tests.structures.factories import StructureFactory


def revert_url(structure: Structure, revision: Revision) -> str:
    return f"/structures/{structure.slug}/historique/{revision.pk}/retablir/"


@pytest.fixture
def members_change(le_fil: Structure, member: User) -> Revision:
    structure_update(structure=le_fil, actor=member, website="https://le-fil.example.org")
    return Revision.objects.filter(structure=le_fil).first()  # type: ignore[return-value]


def test_a_member_cannot_revert_and_gets_a_403(
    client: Client, le_fil: Structure, member: User, members_change: Revision
) -> None:
    client.force_login(member)

    response = client.post(revert_url(le_fil, members_change))

    assert response.status_code == 403
    assert "coordinateurs" in response.content.decode()
    le_fil.refresh_from_db()
    assert le_fil.website == "https://le-fil.example.org"


def test_a_visitor_is_sent_to_the_login_page(
    client: Client, le_fil: Structure, members_change: Revision
) -> None:
    response = client.post(revert_url(le_fil, members_change))

    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_revert_answers_only_to_post(
    client: Client, le_fil: Structure, coordinator: User, members_change: Revision
) -> None:
    client.force_login(coordinator)

    assert client.get(revert_url(le_fil, members_change)).status_code == 405


def test_a_coordinator_reverts_and_the_record_has_the_old_value_again(
    client: Client, le_fil: Structure, coordinator: User, members_change: Revision
) -> None:
    client.force_login(coordinator)

    response = client.post(revert_url(le_fil, members_change), follow=True)

    le_fil.refresh_from_db()
    assert le_fil.website == "https://lefil.example.org"
    undo = Revision.objects.filter(structure=le_fil).first()
    assert undo is not None
    assert (undo.action, undo.reverts, undo.author, undo.via) == (
        "revert",
        members_change,
        coordinator,
        "revert",
    )
    assert undo.changes == {
        "website": {"old": "https://le-fil.example.org", "new": "https://lefil.example.org"}
    }
    html = response.content.decode()
    assert "est rétablie" in html
    assert "Rétablissement" in html


def test_a_revert_of_a_field_changed_again_since_is_refused_with_the_fields_named(
    client: Client, le_fil: Structure, member: User, coordinator: User, members_change: Revision
) -> None:
    structure_update(structure=le_fil, actor=member, website="https://www.le-fil.example.org")
    client.force_login(coordinator)

    response = client.post(revert_url(le_fil, members_change), follow=True)

    assert "Impossible de rétablir cette version : « site web » a été modifié depuis." in unescape(
        response.content.decode()
    )
    le_fil.refresh_from_db()
    assert le_fil.website == "https://www.le-fil.example.org"


def test_the_service_checks_permissions_itself(
    le_fil: Structure, member: User, members_change: Revision
) -> None:
    with pytest.raises(PermissionDenied):
        revision_revert(revision=members_change, actor=member)


def test_a_revert_can_itself_be_reverted(
    le_fil: Structure, coordinator: User, members_change: Revision
) -> None:
    undo = revision_revert(revision=members_change, actor=coordinator)

    revision_revert(revision=undo, actor=coordinator)

    le_fil.refresh_from_db()
    assert le_fil.website == "https://le-fil.example.org"


def test_lists_come_back_as_they_were(le_fil: Structure, member: User, coordinator: User) -> None:
    musique, theatre = Discipline.objects.get(slug="musique"), Discipline.objects.get(slug="theatre")
    structure_update(structure=le_fil, actor=member, disciplines=[musique])
    structure_update(structure=le_fil, actor=member, disciplines=[musique, theatre])

    revision_revert(revision=Revision.objects.filter(structure=le_fil).first(), actor=coordinator)  # type: ignore[arg-type]

    assert list(le_fil.disciplines.all()) == [musique]


def test_the_creation_of_a_record_cannot_be_reverted(le_fil: Structure, coordinator: User) -> None:
    creation = Revision.objects.get(structure=le_fil, action="create")

    with pytest.raises(ValidationError, match="création"):
        revision_revert(revision=creation, actor=coordinator)


def test_a_relation_added_by_mistake_is_removed_by_a_revert(
    le_fil: Structure, member: User, coordinator: User
) -> None:
    network = StructureFactory.create(name="Fédurok", network=True)
    relation_create(source=le_fil, kind=RelationKind.MEMBER_OF, target=network, actor=member)
    added = Revision.objects.get(record_type="relation", action="create")

    revision_revert(revision=added, actor=coordinator)
    assert not Relation.objects.filter(source=le_fil).exists()

    revision_revert(revision=Revision.objects.get(reverts=added), actor=coordinator)
    assert Relation.objects.get(source=le_fil).target == network


def test_a_figure_changed_by_mistake_comes_back(le_fil: Structure, member: User, coordinator: User) -> None:
    key_figure_set(structure=le_fil, year=2022, metric=Metric.BUDGET, value=1000, source_label="Rapport")
    key_figure_set(
        structure=le_fil, year=2022, metric=Metric.BUDGET, value=1200, source_label="Rapport", actor=member
    )

    revision_revert(revision=Revision.objects.get(record_type="key_figure", author=member), actor=coordinator)

    assert KeyFigure.objects.get(structure=le_fil).value == 1000
