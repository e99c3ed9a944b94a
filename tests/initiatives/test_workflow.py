"""The fiche's workflow: draft → submitted → published behind a gate, and the yearly re-confirmation."""

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from maillage.concurrency.versions import StaleWriteError
from maillage.initiatives.enums import CarrierRole, InitiativeState
from maillage.initiatives.models import Initiative
from maillage.initiatives.selectors import fiche_partner_ids
from maillage.initiatives.services import (
    initiative_confirm,
    initiative_publish,
    initiative_submit,
    initiative_update,
    initiative_withdraw,
)
from maillage.memberships.enums import MemberRole
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory, UserFactory
from tests.initiatives.factories import InitiativeFactory, InitiativeFigureFactory, InitiativeStructureFactory

pytestmark = pytest.mark.django_db


def complete(**overrides: object) -> Initiative:
    """Return a submitted fiche with everything the gate asks, minus what `overrides` removes."""
    territory = Territory.objects.create(id="DEP-99", name="Essai", level="departement")
    fiche = InitiativeFactory.create(state=InitiativeState.SUBMITTED, territory=territory)
    InitiativeStructureFactory.create(initiative=fiche)
    InitiativeFigureFactory.create(initiative=fiche)
    for name, value in overrides.items():
        setattr(fiche, name, value)
    fiche.save()
    return fiche


def test_a_complete_fiche_passes_the_gate() -> None:
    """Summary, territory, a carrier and sourced figures: the fiche is published and confirmed."""
    fiche = complete()
    initiative_publish(actor=None, initiative=fiche, expected_version=fiche.version)
    fiche.refresh_from_db()
    assert fiche.state == InitiativeState.PUBLISHED
    assert fiche.confirmed_at is not None


def refused(fiche: Initiative) -> str:
    with pytest.raises(ValidationError) as caught:
        initiative_publish(actor=None, initiative=fiche, expected_version=fiche.version)
    fiche.refresh_from_db()
    assert fiche.state == InitiativeState.SUBMITTED
    return " ".join(caught.value.messages)


def test_the_gate_refuses_a_fiche_without_summary() -> None:
    assert "résumé" in refused(complete(summary="  "))


def test_the_gate_refuses_a_fiche_without_territory() -> None:
    assert "territoire" in refused(complete(territory=None))


def test_the_gate_refuses_a_fiche_without_carrier() -> None:
    """A partner alone does not carry a fiche."""
    fiche = complete()
    fiche.links.update(role=CarrierRole.PARTNER)
    assert "structure porteuse" in refused(fiche)


def test_the_gate_refuses_a_figure_without_source() -> None:
    fiche = complete()
    InitiativeFigureFactory.create(initiative=fiche, source_label="", year=2023)
    assert "Chiffre sans source" in refused(fiche)


def test_carriers_managers_submit_and_others_may_not() -> None:
    """A carrier's manager submits the draft; a member of another structure is refused."""
    link = InitiativeStructureFactory.create()
    fiche = link.initiative
    stranger = UserFactory.create()
    with pytest.raises(PermissionDenied):
        initiative_submit(actor=stranger, initiative=fiche, expected_version=fiche.version)
    manager = StructureMembershipFactory.create(structure=link.structure, role=MemberRole.MANAGER).user
    initiative_submit(actor=manager, initiative=fiche, expected_version=fiche.version)
    fiche.refresh_from_db()
    assert fiche.state == InitiativeState.SUBMITTED
    with pytest.raises(PermissionDenied):  # publication is the moderators' call
        initiative_publish(actor=manager, initiative=fiche, expected_version=fiche.version)


def test_an_update_from_a_stale_version_is_refused() -> None:
    fiche = InitiativeFactory.create()
    initiative_update(actor=None, initiative=fiche, expected_version=fiche.version, title="Nouveau titre")
    with pytest.raises(StaleWriteError):
        initiative_update(actor=None, initiative=fiche, expected_version=fiche.version - 1, title="Autre")


def test_a_fiche_unconfirmed_for_twelve_months_needs_reconfirmation() -> None:
    """Thirteen months unconfirmed, a fiche is « à reconfirmer »; a manager's confirmation clears it."""
    link = InitiativeStructureFactory.create(
        initiative=InitiativeFactory.create(
            published=True, confirmed_at=timezone.now() - datetime.timedelta(days=396)
        )
    )
    fiche = link.initiative
    assert fiche.needs_reconfirmation()
    recent = InitiativeFactory.create(
        published=True, confirmed_at=timezone.now() - datetime.timedelta(days=335)
    )
    assert not recent.needs_reconfirmation()
    manager = StructureMembershipFactory.create(structure=link.structure, role=MemberRole.MANAGER).user
    initiative_confirm(actor=manager, initiative=fiche, expected_version=fiche.version)
    fiche.refresh_from_db()
    assert not fiche.needs_reconfirmation()


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_confirmations_from_one_version_leave_one_winner() -> None:
    """Ten managers confirm from the same version at once: the database lets exactly one through."""
    link = InitiativeStructureFactory.create(initiative=InitiativeFactory.create(published=True))
    fiche = link.initiative
    managers = [
        StructureMembershipFactory.create(structure=link.structure, role=MemberRole.MANAGER).user
        for _ in range(10)
    ]
    start = fiche.version
    results: list[str] = []
    barrier = threading.Barrier(10)

    def confirm(user: object) -> Callable[[], None]:
        def run() -> None:
            try:
                barrier.wait()
                initiative_confirm(
                    actor=user, initiative=Initiative.objects.get(pk=fiche.pk), expected_version=fiche.version
                )
                results.append("ok")
            except StaleWriteError as error:
                results.append(type(error).__name__)
            finally:
                connection.close()

        return run

    threads = [threading.Thread(target=confirm(u)) for u in managers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1
    fiche.refresh_from_db()
    assert fiche.version == start + 1
    assert set(results) <= {"ok", "StaleWriteError"}


def test_a_withdrawn_fiche_leaves_the_public_lists_but_stays_whole() -> None:
    """Withdrawal needs a reason, keeps the record, and takes it out of the selector the calls use."""
    link = InitiativeStructureFactory.create(initiative=InitiativeFactory.create(published=True))
    partner = InitiativeStructureFactory.create(initiative=link.initiative, role=CarrierRole.PARTNER)
    fiche = link.initiative
    assert fiche_partner_ids(link.structure_id) == {partner.structure_id}
    with pytest.raises(ValidationError):
        initiative_withdraw(actor=None, initiative=fiche, expected_version=fiche.version, reason=" ")
    initiative_withdraw(actor=None, initiative=fiche, expected_version=fiche.version, reason="Doublon")
    fiche.refresh_from_db()
    assert fiche.withdrawn_reason == "Doublon"
    assert not fiche.is_public
    assert fiche_partner_ids(link.structure_id) == set()
