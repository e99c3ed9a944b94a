"""Merging duplicate structures keeps the events they organise and the talks they give."""

import pytest

from maillage.events.models import EventOrganiser
from maillage.history.merge import structure_merge
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory, EventOrganiserFactory, SessionFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_the_kept_structure_organises_the_duplicates_events() -> None:
    keep, duplicate = StructureFactory.create(), StructureFactory.create()
    both = EventFactory.create()
    EventOrganiserFactory.create(event=both, structure=keep)
    EventOrganiserFactory.create(event=both, structure=duplicate)
    only_duplicate = EventOrganiserFactory.create(structure=duplicate).event
    session = SessionFactory.create()
    session.speakers.add(duplicate)

    structure_merge(keep=keep, duplicate=duplicate, actor=UserFactory.create(is_superuser=True))

    assert set(EventOrganiser.objects.values_list("event_id", "structure_id")) == {
        (both.pk, keep.pk),
        (only_duplicate.pk, keep.pk),
    }
    assert list(session.speakers.all()) == [keep]
