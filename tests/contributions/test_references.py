"""Structures and communes named without care for accents: suggestions, or a choice list without JS."""

from html import unescape

from django.urls import reverse

from maillage.structures.enums import RelationKind
from maillage.structures.models import Relation, Structure
from tests.contributions.conftest import SAINT_ETIENNE, add_member
from tests.contributions.test_creation import propose
from tests.structures.factories import StructureFactory, fake_siret


def url(structure: Structure) -> str:
    return reverse("contributions:declarations", args=[structure.slug])


def test_a_linked_structure_is_found_without_its_accents(client, sirene_structure) -> None:
    """ "culture et cooperation" names "Culture et Coopération": no more "Structure introuvable"."""
    network = StructureFactory.create(name="Culture et Coopération", network=True)
    client.force_login(add_member(sirene_structure))
    response = client.post(
        url(sirene_structure),
        {"action": "add_relation", "relation-kind": "partner", "relation-target": "culture et cooperation"},
    )
    assert response.status_code == 302
    assert Relation.objects.filter(
        source=sirene_structure, target=network, kind=RelationKind.PARTNER
    ).exists()


def test_several_matches_become_a_choice_list_whose_answer_is_taken(client, sirene_structure) -> None:
    """Without JavaScript the server offers the matches as radio buttons; the one chosen is linked."""
    first = StructureFactory.create(name="La Comète", commune_id=SAINT_ETIENNE)
    StructureFactory.create(name="La Comète", commune=None)
    client.force_login(add_member(sirene_structure))
    data = {"action": "add_relation", "relation-kind": "partner", "relation-target": "la comete"}
    response = client.post(url(sirene_structure), data)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Plusieurs structures correspondent" in html
    assert "Quelle structure ?" in html
    assert f'name="relation-target_choice" id="relation-target-choice-1" value="{first.slug}"' in html
    response = client.post(url(sirene_structure), {**data, "relation-target_choice": first.slug})
    assert response.status_code == 302
    assert Relation.objects.filter(source=sirene_structure, target=first).exists()


def test_structure_suggestions_ignore_accents_and_designate_the_record(client, loire_rhone) -> None:
    network = StructureFactory.create(name="Culture et Coopération")
    response = client.get(reverse("contributions:structure_options"), {"relation-target": "culture et coop"})
    options = unescape(response.content.decode())
    assert f'value="Culture et Coopération (/structures/{network.slug}/)"' in options


def test_a_picked_suggestion_resolves_to_its_record(client, sirene_structure) -> None:
    twin = StructureFactory.create(name="La Comète")
    StructureFactory.create(name="La Comète")
    client.force_login(add_member(sirene_structure))
    response = client.post(
        url(sirene_structure),
        {
            "action": "add_relation",
            "relation-kind": "partner",
            "relation-target": f"La Comète (/structures/{twin.slug}/)",
        },
    )
    assert response.status_code == 302
    assert Relation.objects.filter(source=sirene_structure, target=twin).exists()


def test_communes_show_their_postal_code_and_are_suggested_from_it(client, loire_rhone) -> None:
    """ "Saint-Étienne (42100)", not its id; the postal code alone names the commune it serves."""
    options = client.get(
        reverse("contributions:commune_options"), {"commune": "saint etienne", "postal_code": "42100"}
    ).content.decode()
    assert 'value="Saint-Étienne (42100)"' in options
    assert "COM-" not in options
    hint = client.get(reverse("contributions:commune_for_postal_code"), {"postal_code": "42100"})
    assert "Saint-Étienne (42100)" in hint.content.decode()


def test_a_suggestion_with_its_postal_code_resolves_the_commune(
    client, loire_rhone, outsider, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    response = propose(
        client,
        fake_siret(),
        django_capture_on_commit_callbacks,
        commune="Saint-Étienne (42100)",
        postal_code="",
    )
    assert response.status_code == 302


def test_the_creation_page_marks_required_fields_and_has_one_siret_id(client, loire_rhone) -> None:
    page = client.get(reverse("contributions:start"), {"siret": fake_siret()}).content.decode()
    assert page.count('id="id_siret"') == 1
    assert 'class="required" for="id_name"' in page or 'for="id_name" class="required"' in page
    assert "sont obligatoires" in page


def test_a_failed_submit_shows_the_one_error_summary_ready_for_focus(
    client, loire_rhone, outsider, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    response = propose(client, fake_siret(), django_capture_on_commit_callbacks, name="")
    html = unescape(response.content.decode())
    assert "Le formulaire n'a pas pu être envoyé" in html
    assert 'tabindex="-1" data-error-summary' in html
    assert "Indiquez le nom." in html
    assert "novalidate" in html


def test_a_declared_figure_is_changed_and_removed_with_its_history(client, sirene_structure) -> None:
    """A member changes a declared figure's year (it moves, no copy is left), then removes it."""
    from maillage.history.models import Revision  # noqa: PLC0415

    client.force_login(add_member(sirene_structure))
    figure_url = url(sirene_structure)
    data = {
        "action": "set_figure",
        "chiffre-year": "2023",
        "chiffre-metric": "budget",
        "chiffre-value": "45 000 €",
    }
    assert client.post(figure_url, data).status_code == 302
    figure = sirene_structure.key_figures.get()
    page = unescape(client.get(figure_url, {"modifier": figure.pk}).content.decode())
    assert "Modifier un chiffre clé" in page
    assert 'value="45\xa0000"' in page
    moved = {**data, "chiffre-year": "2024", "chiffre-figure": str(figure.pk)}
    assert client.post(figure_url, moved).status_code == 302
    assert [(f.year, f.value) for f in sirene_structure.key_figures.all()] == [(2024, 45000)]
    current = sirene_structure.key_figures.get()
    assert client.post(figure_url, {"action": "remove_figure", "figure": current.pk}).status_code == 302
    assert not sirene_structure.key_figures.exists()
    assert Revision.objects.filter(record_id=str(current.pk), action="delete").exists()
    assert client.post(figure_url, {"action": "remove_figure", "figure": "٣"}).status_code == 404


def test_legal_form_and_ess_family_are_editable_with_the_sirene_value_shown(client, sirene_structure) -> None:
    """A SIRENE record shows what SIRENE says; a member sets an unknown record's legal form and family."""
    from maillage.structures.field_sources import imported  # noqa: PLC0415
    from tests.contributions.test_edits import edit_url, form_data  # noqa: PLC0415

    Structure.objects.filter(pk=sirene_structure.pk).update(
        legal_category_code="9220",
        legal_category_label="Association déclarée",
        ess_family="association",
        field_sources={"_": imported("sirene", 7)},
    )
    sirene_structure.refresh_from_db()
    member = add_member(sirene_structure)
    client.force_login(member)
    page = unescape(client.get(edit_url(sirene_structure)).content.decode())
    assert "Forme juridique" in page
    assert "Valeur de SIRENE (import SIRENE n° 7) : Association déclarée." in page
    assert "Famille de l'ESS" in page

    bare = StructureFactory.create(name="Le Fil", commune_id=SAINT_ETIENNE, legal_category_code="")
    client.force_login(add_member(bare))
    response = client.post(
        edit_url(bare), form_data(bare, legal_category_code="5460", ess_family="cooperative_scic")
    )
    assert response.status_code == 302
    bare.refresh_from_db()
    assert bare.legal_category_code == "5460"
    assert bare.ess_family == "cooperative_scic"


def test_several_communes_become_a_choice_list_whose_answer_is_taken(
    client, loire_rhone, outsider, django_capture_on_commit_callbacks
) -> None:
    """ "Saint" names many communes: without JavaScript, they are offered as a list to choose from."""
    client.force_login(outsider)
    siret = fake_siret()
    response = propose(client, siret, django_capture_on_commit_callbacks, commune="saint", postal_code="")
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Quelle commune ?" in html
    assert 'name="commune_choice"' in html
    assert "Saint-Étienne (42000), Loire" in html
    response = propose(
        client,
        siret,
        django_capture_on_commit_callbacks,
        commune="saint",
        postal_code="",
        commune_choice=SAINT_ETIENNE,
    )
    assert response.status_code == 302
