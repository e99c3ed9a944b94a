"""Ten editors naming a partner of one fiche from the same version: the database keeps one (10 threads)."""

import pytest

from maillage.concurrency.versions import StaleWriteError
from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.link_services import initiative_add_partner
from maillage.initiatives.models import Initiative, InitiativeStructure
from tests.concurrency.conftest import race
from tests.initiatives.test_links_edit import fiche
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_partners_added_from_the_same_version_leave_one() -> None:
    initiative, manager = fiche()
    partners = [StructureFactory.create() for _ in range(10)]
    version = initiative.version

    results = race(
        lambda i: initiative_add_partner(
            actor=manager, initiative=Initiative.objects.get(pk=initiative.pk), expected_version=version,
            structure=partners[i],
        )
    )  # fmt: skip

    winners = [r for r in results if isinstance(r, InitiativeStructure)]
    assert len(winners) == 1
    assert all(isinstance(r, StaleWriteError) for r in results if r not in winners)
    assert (
        list(InitiativeStructure.objects.filter(initiative=initiative, role=CarrierRole.PARTNER)) == winners
    )
    assert Initiative.objects.get(pk=initiative.pk).version == version + 1
