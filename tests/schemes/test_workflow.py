"""The workflow, who may do what, reviews of imported changes, concurrent edits and personal data."""

import threading
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from maillage.accounts.personal_data import SECTIONS
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.enums import MemberRole
from maillage.memberships.rules import can
from maillage.schemes.enums import ReviewStatus, SchemeStatus
from maillage.schemes.importer import import_schemes
from maillage.schemes.models import Scheme
from maillage.schemes.services import scheme_review_decide, scheme_set_status, scheme_update
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dispositif-aide"


def carried_by(structure_name: str = "CRESS", commune: str = "COM-42218") -> tuple[Scheme, object]:
    porteur = StructureFactory.create(name=structure_name, commune_id=commune, siren="")
    scheme = make_scheme(
        status=SchemeStatus.DRAFT,
        porteurs=[{"nom": porteur.name, "siren": "", "roles": ["instructeur"], "structure": porteur}],
    )
    return scheme, porteur


@pytest.mark.usefixtures("loire_rhone")
def test_managers_edit_their_schemes_moderators_publish_them() -> None:
    scheme, porteur = carried_by()
    manager = StructureMembershipFactory.create(structure=porteur, role=MemberRole.MANAGER).user
    coordinator = TerritoryCoordinatorFactory.create(territory_id="DEP-42").user
    stranger = UserFactory.create()

    assert can(manager, "edit", scheme)
    assert not can(manager, "moderate", scheme)
    assert can(coordinator, "moderate", scheme)
    assert not can(stranger, "view", scheme)
    assert not can(None, "view", scheme)

    scheme = scheme_set_status(scheme=scheme, status=SchemeStatus.SUBMITTED, actor=manager)
    scheme = scheme_set_status(scheme=scheme, status=SchemeStatus.PUBLISHED, actor=coordinator)

    assert can(stranger, "view", scheme)
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        scheme_set_status(scheme=scheme, status=SchemeStatus.DRAFT, actor=coordinator)


@pytest.mark.django_db
def test_accepting_a_review_applies_the_imported_change() -> None:
    text = (FIXTURES / "dispositif-aide.exemple.csv").read_text(encoding="utf-8")
    import_schemes(text.encode(), source="catalogue")
    import_schemes(text.replace("Accélérateur décarbonation", "Accélérateur").encode(), source="catalogue")
    review = Scheme.objects.get().reviews.get()

    scheme_review_decide(review=review, accept=True, actor=None)

    scheme = Scheme.objects.get()
    assert scheme.title == "Accélérateur"
    assert scheme.field_sources["title"]["source"] == "catalogue"
    review.refresh_from_db()
    assert review.status == ReviewStatus.ACCEPTED


@pytest.mark.django_db
def test_a_stale_edit_is_refused() -> None:
    scheme = make_scheme()
    scheme_update(scheme=scheme, actor=None, expected_version=1, title="Nouveau")

    with pytest.raises(StaleWriteError):
        scheme_update(scheme=scheme, actor=None, expected_version=1, title="Autre")


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_edits_of_one_version_let_exactly_one_through() -> None:
    scheme = make_scheme(uid=uuid.uuid4())
    results: list[str] = []
    barrier = threading.Barrier(10)

    def edit(n: int) -> None:
        try:
            barrier.wait()
            scheme_update(
                scheme=Scheme.objects.get(pk=scheme.pk), actor=None, expected_version=1, title=f"T{n}"
            )
            results.append("ok")
        except StaleWriteError:
            results.append("stale")
        finally:
            connection.close()  # each thread opened its own connection: give it back

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["ok"] + ["stale"] * 9
    assert Scheme.objects.get(pk=scheme.pk).version == 2


@pytest.mark.django_db
def test_personal_data_names_the_fields_a_person_set_and_erasure_forgets_them() -> None:
    user = UserFactory.create()
    scheme = make_scheme()
    scheme_update(scheme=scheme, actor=user, title="Corrigé")
    section = SECTIONS["dispositifs"]

    assert section.export(user) == [{"dispositif": "Corrigé", "id": str(scheme.uid), "champs": ["title"]}]
    section.erase(user)
    assert section.export(user) == []
    assert Scheme.objects.get().field_sources["title"]["kind"] == "person"
