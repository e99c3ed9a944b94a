"""SIRENE never overwrites a person: it updates what no one set, proposes the rest, never deletes."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.history.models import Revision
from maillage.memberships.enums import MemberRole
from maillage.structures import field_sources
from maillage.structures.enums import SourceChangeState, WithdrawalReason
from maillage.structures.models import KeyFigure, SourceChange, Structure
from maillage.structures.services import structure_update
from maillage.surveys.models import Response
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.imports.sirene_stock import establishment, import_stock, siret, unit, write_stock
from tests.structures.factories import KeyFigureFactory
from tests.surveys.factories import CampaignFactory, ResponseFactory

pytestmark = pytest.mark.django_db

NEW_NAME = "LA FABRIQUE DES ECHAPPEES"


def first_import(tmp_path):
    ul, et = write_stock(tmp_path / "m1", [unit(1)], [establishment(1)])
    import_stock(ul, et)
    return Structure.objects.get(siret=siret(1))


def manager_of(structure: Structure):
    return StructureMembershipFactory.create(structure=structure, role=MemberRole.MANAGER).user


def renamed_and_moved(tmp_path, name: str = NEW_NAME, folder: str = "m2"):
    """A later stock: SIRENE renamed the unit and moved the establishment down the street."""
    return write_stock(
        tmp_path / folder,
        [unit(1, denominationUniteLegale=name)],
        [establishment(1, numeroVoieEtablissement="14")],
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_managers_name_survives_the_next_import_which_proposes_its_own(loire_rhone, tmp_path):
    structure = first_import(tmp_path)
    manager = manager_of(structure)
    structure_update(structure=structure, name="Le Fil — scène de musiques actuelles", actor=manager)
    version_seen_by_a_form = structure.version

    run, output = import_stock(*renamed_and_moved(tmp_path))

    structure.refresh_from_db()
    assert structure.name == "Le Fil — scène de musiques actuelles"  # the person's value stays
    assert structure.version == version_seen_by_a_form + 1  # a form opened before the import is stale
    assert structure.street == "14 RUE DE LA RESISTANCE"  # the field no one set follows SIRENE
    assert structure.field_sources["name"]["kind"] == "person"
    assert structure.field_sources["street"] == {**field_sources.imported("sirene", run.pk)}
    change = SourceChange.objects.get(structure=structure, state=SourceChangeState.PENDING)
    assert (change.field, change.proposed, change.run) == ("name", {"name": NEW_NAME}, run.pk)
    assert run.counts["source_changes_new"] == 1
    assert "SIRENE dit désormais" in output

    # History names the import, and only for what it changed.
    line = Revision.objects.filter(structure=structure, via="import").latest("created_at")
    assert line.comment == f"via l'import SIRENE n° {run.pk}"
    assert "street" in line.changes
    assert "name" not in line.changes
    history = Client().get(reverse("history:list", args=[structure.slug])).content.decode()
    assert f"via l&#x27;import SIRENE n° {run.pk}" in history or f"via l'import SIRENE n° {run.pk}" in history

    # The manager sees it on the record and in the moderation queue; the public does not.
    page = logged_in(manager).get(reverse("structures:detail", args=[structure.slug])).content.decode()
    assert "SIRENE dit désormais" in page
    assert NEW_NAME in page
    assert "Garder ma valeur" in page
    assert (
        "SIRENE dit désormais"
        not in Client().get(reverse("structures:detail", args=[structure.slug])).content.decode()
    )
    queue = logged_in(manager).get(reverse("contributions:moderation")).content.decode()
    assert NEW_NAME in queue


def test_accepting_applies_the_source_value_with_history_and_hands_the_field_back(loire_rhone, tmp_path):
    structure = first_import(tmp_path)
    manager = manager_of(structure)
    structure_update(structure=structure, name="Le Fil", actor=manager)
    import_stock(*renamed_and_moved(tmp_path))
    change = SourceChange.objects.get(structure=structure)

    response = logged_in(manager).post(
        reverse("contributions:source_change", args=[change.pk]), {"action": "accept", "next": "/"}
    )

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.name == NEW_NAME
    assert structure.field_sources["name"]["kind"] == "import"
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (SourceChangeState.ACCEPTED, manager)
    accepted = Revision.objects.filter(structure=structure, author=manager).latest("created_at")
    assert accepted.changes["name"] == {"old": "Le Fil", "new": NEW_NAME}
    # The next stock renames it again: nobody holds the field any more, SIRENE updates it.
    import_stock(*renamed_and_moved(tmp_path, name="LE FIL", folder="m3"))
    structure.refresh_from_db()
    assert structure.name == "LE FIL"


def test_keeping_dismisses_until_the_source_says_something_else(loire_rhone, tmp_path):
    structure = first_import(tmp_path)
    manager = manager_of(structure)
    structure_update(structure=structure, name="Le Fil", actor=manager)
    import_stock(*renamed_and_moved(tmp_path))
    change = SourceChange.objects.get(structure=structure)

    logged_in(manager).post(reverse("contributions:source_change", args=[change.pk]), {"action": "keep"})

    change.refresh_from_db()
    assert change.state == SourceChangeState.KEPT
    import_stock(*renamed_and_moved(tmp_path, folder="m3"))  # SIRENE still says the same
    assert not SourceChange.objects.filter(state=SourceChangeState.PENDING).exists()
    import_stock(*renamed_and_moved(tmp_path, name="LE FIL SMAC", folder="m4"))  # SIRENE moved on
    pending = SourceChange.objects.get(state=SourceChangeState.PENDING)
    assert pending.proposed == {"name": "LE FIL SMAC"}
    structure.refresh_from_db()
    assert structure.name == "Le Fil"


def test_only_the_records_managers_and_coordinators_decide(loire_rhone, tmp_path):
    structure = first_import(tmp_path)
    manager = manager_of(structure)
    structure_update(structure=structure, name="Le Fil", actor=manager)
    import_stock(*renamed_and_moved(tmp_path))
    change = SourceChange.objects.get(structure=structure)
    member = StructureMembershipFactory.create(structure=structure, role=MemberRole.MEMBER).user

    refused = logged_in(member).post(
        reverse("contributions:source_change", args=[change.pk]), {"action": "keep"}
    )
    outsider = logged_in(UserFactory.create()).post(
        reverse("contributions:source_change", args=[change.pk]), {"action": "accept"}
    )

    assert refused.status_code == outsider.status_code == 403
    change.refresh_from_db()
    assert change.state == SourceChangeState.PENDING
    coordinator = TerritoryCoordinatorFactory.create(territory_id="DEP-42").user
    assert NEW_NAME in logged_in(coordinator).get(reverse("contributions:moderation")).content.decode()


def test_disciplines_are_derived_from_the_naf_code_and_yield_to_a_person(loire_rhone, tmp_path):
    ul, et = write_stock(
        tmp_path / "m1",
        [unit(1), unit(2, activitePrincipaleUniteLegale="59.14Z"), unit(3)],
        [
            establishment(1),
            establishment(2, activitePrincipaleEtablissement="59.14Z"),
            establishment(3, activitePrincipaleEtablissement="91.01Z"),
        ],
    )
    import_stock(ul, et)
    derived = {s.siret: sorted(s.disciplines.values_list("slug", flat=True)) for s in Structure.objects.all()}
    assert derived == {
        siret(1): ["spectacle-vivant"],
        siret(2): ["cinema-audiovisuel"],
        siret(3): ["livre-lecture"],
    }
    library = Structure.objects.get(siret=siret(3))
    assert library.field_sources["disciplines"]["kind"] == "derived"
    assert "livre" in library.search_text  # the derived discipline is searchable
    page = Client().get(reverse("structures:detail", args=[library.slug])).content.decode()
    assert "déduite de l&#x27;activité (NAF)" in page or "déduite de l'activité (NAF)" in page

    # A person chooses another discipline; a later NAF change no longer touches it.
    cinema = Structure.objects.get(siret=siret(2))
    structure_update(structure=cinema, disciplines=[library.disciplines.get()], actor=manager_of(cinema))
    ul, et = write_stock(
        tmp_path / "m2",
        [unit(1), unit(2, activitePrincipaleUniteLegale="59.14Z"), unit(3)],
        [
            establishment(1, activitePrincipaleEtablissement="90.03A"),
            establishment(2, activitePrincipaleEtablissement="59.20Z"),
            establishment(3, activitePrincipaleEtablissement="91.01Z"),
        ],
    )
    import_stock(ul, et)
    assert list(Structure.objects.get(siret=siret(1)).disciplines.values_list("slug", flat=True)) == [
        "arts-visuels-numeriques"
    ]
    assert list(cinema.disciplines.values_list("slug", flat=True)) == ["livre-lecture"]


def test_a_claimed_record_gone_partly_public_is_unpublished_with_everything_kept(
    loire_rhone, tmp_path, client
):
    """The import succeeds; members, figures and survey answers stay; the public no longer sees it."""
    ul, et = write_stock(tmp_path / "m1", [unit(1), unit(2)], [establishment(1), establishment(2)])
    import_stock(ul, et)
    claimed = Structure.objects.get(siret=siret(2))
    manager = manager_of(claimed)
    KeyFigureFactory.create(structure=claimed)
    ResponseFactory.create(campaign=CampaignFactory.create(territory_id="DEP-42"), structure=claimed)
    coordinator = TerritoryCoordinatorFactory.create(territory_id="DEP-42").user

    ul, et = write_stock(
        tmp_path / "m2",
        [unit(1), unit(2, statutDiffusionUniteLegale="P", denominationUniteLegale="[ND]")],
        [
            establishment(1),
            establishment(2, statutDiffusionEtablissement="P", libelleVoieEtablissement="[ND]"),
        ],
    )
    run, _ = import_stock(ul, et, "--force")

    assert run.status == "applied"
    assert run.counts["partly_public_withdrawn"] == 1
    claimed.refresh_from_db()
    assert claimed.withdrawn_at is not None
    assert claimed.withdrawn_reason == WithdrawalReason.PARTLY_PUBLIC
    assert claimed.memberships.filter(user=manager, role=MemberRole.MANAGER).exists()
    assert KeyFigure.objects.filter(structure=claimed).count() == 1
    assert Response.objects.filter(structure=claimed).count() == 1
    assert Revision.objects.filter(structure=claimed, changes__has_key="withdrawn_at").exists()
    # Hidden from the public: page, directory, API, exports.
    assert client.get(reverse("structures:detail", args=[claimed.slug])).status_code == 404
    assert client.get(f"/api/v1/structures/{claimed.slug}").status_code == 404
    listed = client.get("/api/v1/structures", {"taille": 100}).json()["items"]
    assert [item["siret"] for item in listed] == [siret(1)]
    export = b"".join(client.get("/structures/export/csv/").streaming_content).decode()
    assert siret(2) not in export
    assert claimed.name not in client.get("/structures/").content.decode()
    # Still there for the people who look after it, with the reason.
    for person in (manager, coordinator):
        page = logged_in(person).get(reverse("structures:detail", args=[claimed.slug]))
        assert page.status_code == 200
        assert "retirée de la publication" in page.content.decode()

    # A rerun with the unit still partly public changes nothing; once public again it is published again.
    run, _ = import_stock(ul, et, "--force")
    assert run.counts["partly_public_still_withdrawn"] == 1
    ul, et = write_stock(tmp_path / "m3", [unit(1), unit(2)], [establishment(1), establishment(2)])
    run, _ = import_stock(ul, et, "--force")
    assert run.counts["republished"] == 1
    claimed.refresh_from_db()
    assert claimed.withdrawn_at is None
    assert client.get(reverse("structures:detail", args=[claimed.slug])).status_code == 200
