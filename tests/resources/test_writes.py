"""Writes of the library: versions decide between two editors, withdrawal keeps, rules say who may."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.enums import MemberRole
from maillage.memberships.rules import can
from maillage.resources.models import CollectionItem, Resource
from maillage.resources.services import (
    collection_set_items,
    collection_update,
    resource_create,
    resource_update,
    resource_withdraw,
)
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.resources.factories import CollectionFactory, ResourceFactory
from tests.structures.factories import StructureFactory


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_writes_nothing() -> None:
    """Two editors read version 1; the second to write gets StaleWriteError and the first's title stays."""
    resource = ResourceFactory.create(title="Avant")
    first, second = Resource.objects.get(pk=resource.pk), Resource.objects.get(pk=resource.pk)
    resource_update(actor=None, resource=first, expected_version=1, title="Première")
    with pytest.raises(StaleWriteError):
        resource_update(actor=None, resource=second, expected_version=1, title="Seconde")
    assert Resource.objects.get(pk=resource.pk).title == "Première"


@pytest.mark.django_db
def test_withdrawing_needs_a_reason_and_keeps_the_row() -> None:
    resource = ResourceFactory.create()
    with pytest.raises(ValidationError):
        resource_withdraw(actor=None, resource=resource, expected_version=1, reason=" ")
    resource_withdraw(actor=None, resource=resource, expected_version=1, reason="Lien mort depuis deux ans")
    assert Resource.objects.public().count() == 0
    assert Resource.objects.get(pk=resource.pk).withdrawn_reason == "Lien mort depuis deux ans"


@pytest.mark.django_db
def test_unknown_themes_and_a_collection_inside_itself_are_refused() -> None:
    with pytest.raises(ValidationError, match="Thème inconnu"):
        resource_create(actor=None, title="Guide", needs=["astrologie"])
    parent = CollectionFactory.create()
    child = CollectionFactory.create(parent=parent)
    with pytest.raises(ValidationError, match="elle-même"):
        collection_update(actor=None, collection=parent, expected_version=1, parent=child)


@pytest.mark.django_db
def test_managers_of_the_publisher_edit_and_others_only_read() -> None:
    """The publisher's manager may edit; a member of another structure may not; anyone reads."""
    publisher = StructureFactory.create()
    resource = ResourceFactory.create(publisher=publisher)
    manager, stranger = UserFactory.create(), UserFactory.create()
    StructureMembershipFactory.create(structure=publisher, user=manager, role=MemberRole.MANAGER)
    assert can(manager, "edit_resource", resource)
    assert not can(stranger, "edit_resource", resource)
    assert can(stranger, "view", resource)
    resource_withdraw(actor=manager, resource=resource, expected_version=1, reason="Doublon")
    assert not can(stranger, "view", resource)
    assert can(manager, "view", resource)


@pytest.mark.django_db(transaction=True)
def test_ten_editors_reordering_a_collection_at_once_leave_one_order() -> None:
    """Ten threads set the items from version 1: exactly one wins, the others are told the list changed."""
    collection = CollectionFactory.create()
    resources = [ResourceFactory.create() for _ in range(3)]
    outcomes: list[str] = []
    barrier = threading.Barrier(10)

    def reorder(n: int) -> None:
        order = resources[n % 3 :] + resources[: n % 3]
        barrier.wait()
        try:
            collection_set_items(
                actor=None, collection=collection, expected_version=1, items=[(r, f"n{n}") for r in order]
            )
            outcomes.append("won")
        except StaleWriteError:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=reorder, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["stale"] * 9 + ["won"]
    items = list(CollectionItem.objects.filter(collection=collection))
    assert len(items) == 3
    assert len({i.note for i in items}) == 1
