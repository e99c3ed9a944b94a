"""The admin of the directory: structures with their figures and relations, written through the services."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.structures.enums import DataSource, EssFamily, Metric, RelationKind
from maillage.structures.models import Discipline, Structure
from maillage.structures.services import structure_create
from tests.structures.factories import KeyFigureFactory, RelationFactory

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = ["key_figures", "relations_out", "relations_in"]


def management_forms() -> dict[str, str]:
    data: dict[str, str] = {}
    for prefix in INLINE_PREFIXES:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def test_a_structure_page_shows_its_figures_and_both_directions_of_relations(admin_client: Client) -> None:
    cluster = structure_create(name="Culture et Coopération")
    KeyFigureFactory.create(structure=cluster, metric=Metric.INTERMITTENTS, year=2015, value=250)
    member = structure_create(name="La Baroufada")
    RelationFactory.create(source=member, kind=RelationKind.MEMBER_OF, target=cluster)

    response = admin_client.get(reverse("admin:structures_structure_change", args=[cluster.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Intermittents du spectacle" in page
    assert "relations entrantes" in page.lower()
    assert "La Baroufada" in page


def test_a_structure_added_in_the_admin_gets_its_derived_fields(admin_client: Client) -> None:
    structure_create(name="Le Fil")
    data = {
        "name": "Le Fil",
        "kind": "cultural",
        "siret": "016 750 697 00050",
        "legal_category_code": "9220",
        "ess_family": EssFamily.UNKNOWN,
        "founded_on_precision": "day",
        "is_active": "on",
        "source": DataSource.ADMIN,
        "disciplines": [Discipline.objects.get(slug="musique").pk],
        "activities": ["venue", "diffusion"],
        **management_forms(),
    }

    response = admin_client.post(reverse("admin:structures_structure_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    added = Structure.objects.get(siret="01675069700050")
    assert added.slug == "le-fil-2"
    assert added.siren == "016750697"
    assert added.ess_family == EssFamily.ASSOCIATION
    assert added.legal_category_label == "Association déclarée"
    assert set(added.activities.values_list("activity", flat=True)) == {"venue", "diffusion"}
    assert "musique" in added.search_text


def test_the_admin_refuses_a_wrong_siret_in_french(admin_client: Client) -> None:
    data = {
        "name": "Yes High Tech",
        "kind": "cultural",
        "siret": "01675069700051",
        "ess_family": EssFamily.UNKNOWN,
        "founded_on_precision": "day",
        "source": DataSource.ADMIN,
        **management_forms(),
    }

    response = admin_client.post(reverse("admin:structures_structure_add"), data)

    assert response.status_code == 200
    assert "clé de contrôle" in response.content.decode()
    assert not Structure.objects.exists()


def test_the_list_finds_a_structure_by_a_folded_name(admin_client: Client) -> None:
    structure_create(name="Le Remue-Méninges")
    structure_create(name="La Fabrique")

    response = admin_client.get(reverse("admin:structures_structure_changelist"), {"q": "remue meninges"})

    assert response.status_code == 200
    assert "Le Remue-Méninges" in response.content.decode()
    assert "La Fabrique" not in response.content.decode()


def test_disciplines_list_their_sub_disciplines(admin_client: Client) -> None:
    response = admin_client.get(reverse("admin:structures_discipline_changelist"))

    assert response.status_code == 200
    assert "Arts de la rue" in response.content.decode()
