"""Merging duplicate structures keeps the resources they published, made or are the subject of."""

import pytest

from maillage.history.merge import structure_merge
from maillage.resources.models import Resource
from tests.accounts.factories import UserFactory
from tests.resources.factories import CollectionFactory, ResourceFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_kept_structure_takes_the_duplicates_resources_and_collections() -> None:
    keep, duplicate = StructureFactory.create(), StructureFactory.create()
    published = ResourceFactory.create(publisher=duplicate, creators=[duplicate, keep])
    published.structures.add(duplicate)
    collection = CollectionFactory.create(editor=duplicate)

    structure_merge(keep=keep, duplicate=duplicate, actor=UserFactory.create(is_superuser=True))

    resource = Resource.objects.get(pk=published.pk)
    assert resource.publisher_id == keep.pk
    assert list(resource.creators.all()) == [keep]
    assert list(resource.structures.all()) == [keep]
    collection.refresh_from_db()
    assert collection.editor_id == keep.pk
