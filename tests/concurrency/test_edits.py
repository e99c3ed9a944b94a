"""Two people editing one record at once: exactly one edit is applied, the other is refused and shown why."""

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.concurrency.versions import StaleWriteError
from maillage.contributions.decisions import change_request_accept
from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.history.enums import RevisionAction
from maillage.history.models import Revision
from maillage.structures.models import Structure
from maillage.structures.relation_services import key_figure_set, relation_update
from maillage.structures.services import structure_update
from tests.accounts.factories import UserFactory
from tests.concurrency.conftest import THREADS, race
from tests.contributions.conftest import add_member
from tests.contributions.test_edits import edit_url, form_data
from tests.structures.factories import RelationFactory, StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_edits_from_the_same_version_apply_exactly_one() -> None:
    """Ten writers who read version 1 race: one change lands, nine are refused, history has one line."""
    structure = StructureFactory.create(name="La Fabrique des Possibles", description="")

    def edit(index: int) -> Structure:
        fresh = Structure.objects.get(pk=structure.pk)
        return structure_update(structure=fresh, expected_version=1, description=f"Présentation {index}")

    results = race(edit)

    applied = [r for r in results if isinstance(r, Structure)]
    refused = [r for r in results if isinstance(r, StaleWriteError)]
    assert (len(applied), len(refused)) == (1, THREADS - 1), results
    saved = Structure.objects.get(pk=structure.pk)
    assert saved.version == 2
    assert saved.description == applied[0].description
    assert all("modifiée par quelqu'un d'autre" in str(r) for r in refused)
    assert Revision.objects.filter(structure=structure, action=RevisionAction.UPDATE).count() == 1


def test_writes_without_a_version_lose_nothing() -> None:
    """Imports and services that name no version lock the row: ten writes of ten fields all land."""
    structure = StructureFactory.create(name="Le Chantier", acronym="", description="", street="")
    fields = ["acronym", "description", "street", "other_names", "website"]

    def edit(index: int) -> Structure:
        name = fields[index % len(fields)]
        value = f"https://exemple{index}.fr" if name == "website" else f"Valeur {index}"
        values: dict[str, Any] = {name: value}
        return structure_update(structure=Structure.objects.get(pk=structure.pk), **values)

    results = race(edit)

    assert all(isinstance(r, Structure) for r in results), results
    saved = Structure.objects.get(pk=structure.pk)
    assert saved.version == 1 + THREADS
    # Each field holds the value of one of the writes to it, none was put back by a stale copy.
    assert all(getattr(saved, name) for name in fields)


def test_a_stale_form_is_refused_with_what_changed_meanwhile_and_keeps_the_input() -> None:
    """Both members open the form; the first saves, the second gets 409 naming the change, input kept."""
    structure = StructureFactory.create(
        name="Compagnie du Chaudron", acronym="", description="Ancienne présentation."
    )
    first, second = Client(), Client()
    first.force_login(add_member(structure, display_name="Alice Martin", name_is_public=True))
    second.force_login(add_member(structure))
    opened = Structure.objects.get(pk=structure.pk)

    assert first.post(edit_url(opened), form_data(opened, acronym="CDC")).status_code == 302
    response = second.post(edit_url(opened), form_data(opened, description="Ma nouvelle présentation."))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Quelqu&#x27;un a modifié cette fiche pendant que vous la modifiiez" in page
    assert "Modifié entre-temps" in page
    assert '<td class="contrib-before">CDC</td>' in page  # the value saved meanwhile
    assert '<th scope="row">Sigle</th>' in page
    assert "Alice Martin" in page  # by whom
    assert "Ma nouvelle présentation." in page  # the input is kept
    saved = Structure.objects.get(pk=structure.pk)
    assert saved.description == "Ancienne présentation."
    assert f'name="version" value="{saved.version}"' in page

    # Sent again from the page as it now stands, the second edit applies over the first one.
    again = form_data(saved, description="Ma nouvelle présentation.")
    assert second.post(edit_url(saved), again).status_code == 302
    saved.refresh_from_db()
    assert (saved.acronym, saved.description) == ("CDC", "Ma nouvelle présentation.")


def test_ten_members_saving_one_form_at_once_get_one_applied_and_nine_conflicts() -> None:
    """The web form under a real race: one 302, nine 409 pages that show the conflict."""
    structure = StructureFactory.create(name="Le Fil", description="")
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(add_member(structure))
        clients.append(client)
    opened = Structure.objects.get(pk=structure.pk)

    def post(index: int) -> int:
        data = form_data(opened, description=f"Présentation {index}")
        response = clients[index].post(edit_url(opened), data)
        if response.status_code == 409:
            assert "Modifié entre-temps" in response.content.decode()
        return response.status_code

    statuses = race(post)

    assert sorted(statuses) == [302] + [409] * (THREADS - 1), statuses
    assert Structure.objects.get(pk=structure.pk).version == 2


def test_two_moderators_deciding_at_once_decide_once() -> None:
    """Ten accepts of one request at once: one is applied, nine are told it was already decided."""
    structure = StructureFactory.create(name="La Tribu", acronym="")
    author = UserFactory.create()
    request = ChangeRequest.objects.create(
        kind=RequestKind.EDIT, structure=structure, proposed={"acronym": "LT"}, author=author
    )
    moderators = [UserFactory.create(is_superuser=True) for _ in range(THREADS)]

    results = race(lambda i: change_request_accept(request=request, moderator=moderators[i]))

    accepted = [r for r in results if isinstance(r, ChangeRequest)]
    refused = [r for r in results if "déjà été traitée" in str(r) or isinstance(r, StaleWriteError)]
    assert (len(accepted), len(refused)) == (1, THREADS - 1), results
    decided = ChangeRequest.objects.get(pk=request.pk)
    assert (decided.status, decided.version) == (RequestStatus.ACCEPTED, 2)
    assert Structure.objects.get(pk=structure.pk).acronym == "LT"
    assert Revision.objects.filter(structure=structure, action=RevisionAction.UPDATE).count() == 1


def test_stale_edits_of_relations_and_key_figures_are_refused() -> None:
    """Relations and key figures carry their own version: a write naming an old one changes nothing."""
    relation = RelationFactory.create(description="")
    relation_update(relation=relation, expected_version=1, description="Adhérente depuis 2019.")
    with pytest.raises(StaleWriteError):
        relation_update(relation=relation, expected_version=1, description="Autre chose.")
    relation.refresh_from_db()
    assert (relation.description, relation.version) == ("Adhérente depuis 2019.", 2)

    structure = relation.source
    figure = key_figure_set(structure=structure, year=2024, metric="budget", value=1000)
    key_figure_set(structure=structure, year=2024, metric="budget", value=2000, expected_version=1)
    with pytest.raises(StaleWriteError):
        key_figure_set(structure=structure, year=2024, metric="budget", value=3000, expected_version=1)
    figure.refresh_from_db()
    assert (figure.value, figure.version) == (Decimal(2000), 2)


def test_the_admin_refuses_to_save_a_record_changed_since_it_was_opened(admin_client: Client) -> None:
    """An administrator's stale page is refused in French; the other person's change stays."""
    structure = StructureFactory.create(name="La Fabrique", acronym="", siret="")
    url = reverse("admin:structures_structure_change", args=[structure.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data |= {"name": "La Fabrique", "kind": structure.kind, "acronym": "ADMIN", "expected_version": 1}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    structure_update(structure=structure, expected_version=1, acronym="AUTRE")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert (
        "Quelqu&#x27;un a modifié cette fiche depuis que vous l&#x27;avez ouverte"
        in response.content.decode()
    )
    assert Structure.objects.get(pk=structure.pk).acronym == "AUTRE"
    # Reopened (version 2), the same page saves.
    assert admin_client.post(url, {**data, "expected_version": 2}).status_code == 302
    assert Structure.objects.get(pk=structure.pk).acronym == "ADMIN"


def test_a_moderators_correction_over_a_record_changed_since_is_refused_then_accepted() -> None:
    """The correction form holds the whole profile: accepted over a newer record, it would undo a change."""
    structure = StructureFactory.create(name="La Tribu", acronym="", description="")
    request = ChangeRequest.objects.create(
        kind=RequestKind.EDIT,
        structure=structure,
        proposed={"description": "Proposée."},
        author=UserFactory.create(),
    )
    moderator = Client()
    moderator.force_login(UserFactory.create(is_superuser=True))
    url = reverse("contributions:review", args=[request.pk])
    opened = Structure.objects.get(pk=structure.pk)
    assert 'name="structure_version" value="1"' in moderator.get(url).content.decode()
    structure_update(structure=opened, expected_version=1, acronym="LT")

    data = form_data(opened, description="Proposée, corrigée.") | {"structure_version": 1}
    refused = moderator.post(url, data)

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in page
    assert 'name="structure_version" value="2"' in page
    assert ChangeRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING
    assert moderator.post(url, data | {"acronym": "LT", "structure_version": 2}).status_code == 302
    saved = Structure.objects.get(pk=structure.pk)
    assert (saved.acronym, saved.description) == ("LT", "Proposée, corrigée.")


def test_a_merge_from_a_comparison_of_old_versions_is_refused() -> None:
    """The merge page compares two records; one changed since, the merge waits for a new look."""
    keep = StructureFactory.create(name="Le Fil", acronym="")
    duplicate = StructureFactory.create(name="Le Fil (doublon)", acronym="")
    coordinator = Client()
    coordinator.force_login(UserFactory.create(is_superuser=True))
    url = reverse("upkeep:merge", args=[keep.pk, duplicate.pk])
    page = coordinator.get(url).content.decode()
    assert f'name="version_{duplicate.pk}" value="1"' in page
    structure_update(structure=duplicate, expected_version=1, acronym="LF")

    posted = {"keep": keep.pk, f"version_{keep.pk}": 1, f"version_{duplicate.pk}": 1}
    refused = coordinator.post(url, posted)

    assert refused.status_code == 400
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in refused.content.decode()
    assert Structure.objects.filter(pk=duplicate.pk).exists()
    assert coordinator.post(url, posted | {f"version_{duplicate.pk}": 2}).status_code == 302
    assert not Structure.objects.filter(pk=duplicate.pk).exists()
    assert Structure.objects.get(pk=keep.pk).acronym == "LF"
