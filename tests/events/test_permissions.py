"""Who may do what to an event: anyone views it published, its managers edit, coordinators moderate."""

import pytest
from django.contrib.auth.models import AnonymousUser

from maillage.events.rules import EDIT, EXPORT_REGISTRATIONS, MODERATE, VIEW
from maillage.memberships.rules import can
from tests.accounts.factories import NetworkCoordinatorFactory, StructureMembershipFactory, UserFactory
from tests.events.factories import EventOrganiserFactory
from tests.structures.factories import RelationFactory

pytestmark = pytest.mark.django_db


def test_the_event_rule_is_asked_through_can() -> None:
    link = EventOrganiserFactory.create(event__status="draft")
    event, organiser = link.event, link.structure
    manager = StructureMembershipFactory.create(structure=organiser, role="manager").user
    member = StructureMembershipFactory.create(structure=organiser, role="member").user
    coordinator = NetworkCoordinatorFactory.create()
    RelationFactory.create(source=organiser, target=coordinator.network, kind="member_of")
    stranger = UserFactory.create()

    assert not can(AnonymousUser(), VIEW, event)  # a draft
    assert can(manager, VIEW, event)
    assert can(manager, EDIT, event)
    assert can(manager, EXPORT_REGISTRATIONS, event)
    assert not can(manager, MODERATE, event)
    assert not can(member, EDIT, event)
    assert can(coordinator.user, MODERATE, event)
    assert can(coordinator.user, EDIT, event)
    assert not can(stranger, EDIT, event)
    event.status = "published"
    assert can(AnonymousUser(), VIEW, event)
    assert can(stranger, VIEW, event)
    assert not can(AnonymousUser(), EDIT, event)
