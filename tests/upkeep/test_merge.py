"""Merging a duplicate keeps its relations, figures, members and history, and its address redirects."""

from html import unescape
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from maillage.accounts.models import User
from maillage.history.merge import register_merge_participant, structure_merge, unregister_merge_participant
from maillage.history.models import MergedStructure, Revision
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.enums import Metric, RelationKind
from maillage.structures.models import Discipline, KeyFigure, Relation, Structure
from maillage.structures.relation_services import key_figure_set, relation_create
from maillage.structures.services import structure_create, structure_update
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.structures.factories import StructureFactory, fake_siret


@pytest.fixture
def duplicate(saint_etienne: Territory, le_fil: Structure, member: User) -> Structure:
    """The same venue entered again by a network, with its own relations, figures and members."""
    siret = fake_siret()
    copy = structure_create(
        name="Le Fil (SMAC)",
        siret=siret,
        phone="04 77 34 46 40",
        commune=saint_etienne,
        disciplines=[Discipline.objects.get(slug="musique")],
    )
    network = StructureFactory.create(name="Fédurok", network=True)
    relation_create(source=copy, kind=RelationKind.MEMBER_OF, target=network)
    relation_create(source=copy, kind=RelationKind.PARTNER, target=le_fil)  # would link le_fil to itself
    key_figure_set(structure=copy, year=2022, metric=Metric.BUDGET, value=1000, source_label="Rapport")
    key_figure_set(structure=le_fil, year=2022, metric=Metric.BUDGET, value=1000, source_label="Rapport")
    key_figure_set(structure=copy, year=2021, metric=Metric.BUDGET, value=900, source_label="Rapport")
    StructureMembershipFactory.create(user=member, structure=copy, role=MemberRole.MANAGER)
    StructureMembershipFactory.create(
        structure=copy, role=MemberRole.MEMBER, user__email="billetterie@example.org"
    )
    structure_update(structure=copy, actor=member, email="contact@lefil.example.org")
    return copy


def test_a_merge_keeps_relations_figures_members_and_history(
    le_fil: Structure, duplicate: Structure, member: User, coordinator: User
) -> None:
    old_revisions = set(Revision.objects.filter(structure=duplicate).values_list("pk", flat=True))

    structure_merge(keep=le_fil, duplicate=duplicate, actor=coordinator)

    assert not Structure.objects.filter(pk=duplicate.pk).exists()
    le_fil.refresh_from_db()
    network = Structure.objects.get(name="Fédurok")
    assert [(r.kind, r.target_id) for r in Relation.objects.filter(source=le_fil)] == [
        ("member_of", network.pk)
    ]
    assert sorted((f.year, int(f.value)) for f in KeyFigure.objects.filter(structure=le_fil)) == [
        (2021, 900),
        (2022, 1000),
    ]
    roles = dict(StructureMembership.objects.filter(structure=le_fil).values_list("user__email", "role"))
    assert roles == {member.email: "manager", "billetterie@example.org": "member"}
    assert old_revisions <= set(Revision.objects.filter(structure=le_fil).values_list("pk", flat=True))
    merge = Revision.objects.get(structure=le_fil, action="merge")
    assert merge.author == coordinator
    assert merge.changes["fiche_fusionnee"]["old"]["name"] == "Le Fil (SMAC)"


def test_the_kept_record_takes_what_it_lacked(
    le_fil: Structure, duplicate: Structure, coordinator: User
) -> None:
    siret = duplicate.siret

    structure_merge(keep=le_fil, duplicate=duplicate, actor=coordinator)

    le_fil.refresh_from_db()
    assert (le_fil.siret, le_fil.phone, le_fil.email) == (
        siret,
        "04 77 34 46 40",
        "contact@lefil.example.org",
    )
    assert le_fil.website == "https://lefil.example.org"  # its own values stay
    assert "Le Fil (SMAC)" in le_fil.other_names
    assert [d.slug for d in le_fil.disciplines.all()] == ["musique"]


def test_the_old_address_redirects_permanently(
    client: Client, le_fil: Structure, duplicate: Structure, coordinator: User
) -> None:
    old_slug = duplicate.slug

    structure_merge(keep=le_fil, duplicate=duplicate, actor=coordinator)

    response = client.get(f"/structures/{old_slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/structures/{le_fil.slug}/"
    assert (
        client.get(f"/structures/{old_slug}/historique/")["Location"]
        == f"/structures/{le_fil.slug}/historique/"
    )


def test_merging_again_moves_the_earlier_redirects(
    le_fil: Structure, duplicate: Structure, coordinator: User, saint_etienne: Territory
) -> None:
    old_slug = duplicate.slug
    structure_merge(keep=le_fil, duplicate=duplicate, actor=coordinator)
    newer = structure_create(name="Le Fil, scène de musiques actuelles", commune=saint_etienne)

    structure_merge(keep=newer, duplicate=le_fil, actor=coordinator)

    assert MergedStructure.objects.get(old_slug=old_slug).into == newer


def test_other_apps_move_their_own_records_as_merge_participants(
    le_fil: Structure, duplicate: Structure, coordinator: User
) -> None:
    received: list[dict[str, Any]] = []

    def participant(**kwargs: Any) -> None:
        received.append(kwargs)

    register_merge_participant("tests.participant", participant)
    try:
        structure_merge(keep=le_fil, duplicate=duplicate, actor=coordinator)
    finally:
        unregister_merge_participant("tests.participant")

    assert [(r["keep"], r["duplicate"].name, r["actor"]) for r in received] == [
        (le_fil, "Le Fil (SMAC)", coordinator)
    ]


def test_only_coordinators_of_both_records_may_merge(
    le_fil: Structure, duplicate: Structure, member: User
) -> None:
    with pytest.raises(PermissionDenied):
        structure_merge(keep=le_fil, duplicate=duplicate, actor=member)
    with pytest.raises(ValidationError):
        structure_merge(keep=le_fil, duplicate=le_fil, actor=UserFactory.create(is_superuser=True))


def test_a_coordinator_compares_then_merges_through_the_page(
    client: Client, le_fil: Structure, duplicate: Structure, coordinator: User
) -> None:
    client.force_login(coordinator)
    url = f"/entretien/doublons/{le_fil.pk}/{duplicate.pk}/"

    page = unescape(client.get(url).content.decode())
    assert "Fiche à conserver" in page
    assert "04 77 34 46 40" in page

    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "Choisissez la fiche à conserver." in unescape(missing.content.decode())

    response = client.post(url, {"keep": str(le_fil.pk)}, follow=True)
    assert "« Le Fil (SMAC) » est fusionnée dans « Le Fil »." in unescape(response.content.decode())
    assert not Structure.objects.filter(pk=duplicate.pk).exists()


def test_the_merge_page_is_refused_to_others(
    client: Client, le_fil: Structure, duplicate: Structure, member: User
) -> None:
    client.force_login(member)

    assert (
        client.post(f"/entretien/doublons/{le_fil.pk}/{duplicate.pk}/", {"keep": le_fil.pk}).status_code
        == 403
    )
    assert Structure.objects.filter(pk=duplicate.pk).exists()


def test_branches_follow_and_a_record_never_ends_up_attached_to_itself(
    le_fil: Structure, duplicate: Structure, coordinator: User, saint_etienne: Territory
) -> None:
    branch = structure_create(name="Le Fil — club", parent=duplicate, commune=saint_etienne)
    structure_update(structure=le_fil, parent=duplicate)

    structure_merge(keep=le_fil, duplicate=duplicate, actor=coordinator)

    branch.refresh_from_db()
    le_fil.refresh_from_db()
    assert branch.parent == le_fil
    assert le_fil.parent is None
