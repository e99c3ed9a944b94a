"""The initiative pages: search with facets, the fiche with its JSON-LD, « à reconfirmer », bad input."""

import datetime
import json
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.initiatives.enums import CarrierRole, InnovationFamily
from maillage.initiatives.models import Initiative
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import EssFamily
from maillage.territories.models import Territory
from tests.accounts.factories import PASSWORD, StructureMembershipFactory
from tests.events.jsonld import expand
from tests.initiatives.factories import InitiativeFactory, InitiativeFigureFactory, InitiativeStructureFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db
SCHEMA = "http://schema.org/"


def titles(client: Client, query: str = "") -> list[str]:
    response = client.get(reverse("initiatives:list") + query)
    assert response.status_code == 200
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', unescape(response.content.decode()))


def published(title: str, **fields: object) -> Initiative:
    return InitiativeFactory.create(title=title, published=True, **fields)


def test_only_published_fiches_are_listed() -> None:
    published("Le pôle des musiques")
    InitiativeFactory.create(title="Brouillon caché")
    InitiativeFactory.create(title="Retirée", published=True, withdrawn_at=timezone.now())
    assert titles(Client()) == ["Le pôle des musiques"]


def test_search_by_words_typology_and_carrier_family(client: Client) -> None:
    """`q` reads French stems, `typologie` a family or a tag, `famille` the carrier's ESS family."""
    scop = StructureFactory.create(ess_family=EssFamily.COOPERATIVE_SCOP)
    fiche = published("Coopérative de diffusion", family=InnovationFamily.ACTIVITY, tags=["nouveau-service"])
    InitiativeStructureFactory.create(initiative=fiche, structure=scop)
    other = published("Gouvernance partagée du lieu", family=InnovationFamily.GOVERNANCE)
    InitiativeStructureFactory.create(initiative=other)
    assert titles(client, "?q=coopératives") == ["Coopérative de diffusion"]
    assert titles(client, "?typologie=governance") == ["Gouvernance partagée du lieu"]
    assert titles(client, "?typologie=nouveau-service") == ["Coopérative de diffusion"]
    assert titles(client, "?famille=cooperative_scop") == ["Coopérative de diffusion"]


def test_territory_finds_fiches_it_contains_and_that_contain_it(client: Client, loire_rhone: None) -> None:
    """A Loire fiche is found from Saint-Étienne, a Saint-Étienne fiche from the Loire; not from the Rhône."""
    published("À l'échelle du département", territory=Territory.objects.get(id="DEP-42"))
    published("Dans la ville", territory=Territory.objects.get(id="COM-42218"))
    assert sorted(titles(client, "?territoire=COM-42218")) == ["Dans la ville", "À l'échelle du département"]
    assert sorted(titles(client, "?territoire=DEP-42")) == ["Dans la ville", "À l'échelle du département"]
    assert titles(client, "?territoire=DEP-69") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?territoire=XYZ-1", "Territoire inconnu"),
        ("?typologie=magie", "Typologie inconnue"),
        ("?famille=secte", "Famille de l'ESS inconnue"),
        ("?discipline=%00", "caractère nul"),
        ("?discipline=opera-inexistant", "Discipline inconnue"),
        ("?page=%F0%9D%9F%9A", "page"),
    ],
)
def test_bad_filters_are_refused_in_french(client: Client, query: str, message: str) -> None:
    """A filter the page cannot read is a 400 that says which one, never a 500."""
    response = client.get(reverse("initiatives:list") + query)
    assert response.status_code == 400
    assert message in unescape(response.content.decode())


def test_the_list_costs_the_same_queries_for_three_or_thirty_fiches(
    client: Client, django_assert_max_num_queries: object
) -> None:
    """Territory, structures and disciplines are fetched per page, not per fiche."""
    for n in range(30):
        InitiativeStructureFactory.create(initiative=published(f"Initiative {n}"))
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("initiatives:list")).status_code == 200


def test_the_fiche_has_a_creative_work_that_pyld_reads(client: Client) -> None:
    """pyld expands the fiche's JSON-LD to a CreativeWork with its carrier as creator and its partner."""
    fiche = published("Pôle culturel coopératif", summary="Un pôle qui mutualise.")
    InitiativeStructureFactory.create(initiative=fiche, structure=StructureFactory.create(name="La Fabrique"))
    InitiativeStructureFactory.create(
        initiative=fiche, structure=StructureFactory.create(name="Le Réseau"), role=CarrierRole.PARTNER
    )
    html = client.get(fiche.get_absolute_url()).content.decode()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    (node,) = expand(json.loads(script))
    assert node["@type"] == [f"{SCHEMA}CreativeWork"]
    assert node[f"{SCHEMA}name"][0]["@value"] == "Pôle culturel coopératif"
    assert node[f"{SCHEMA}abstract"][0]["@value"] == "Un pôle qui mutualise."
    (creator,) = node[f"{SCHEMA}creator"]
    assert creator["@type"] == [f"{SCHEMA}Organization"]
    assert creator[f"{SCHEMA}name"][0]["@value"] == "La Fabrique"
    (partner,) = node[f"{SCHEMA}contributor"]
    assert partner[f"{SCHEMA}name"][0]["@value"] == "Le Réseau"


def test_an_old_fiche_shows_a_reconfirm_notice_its_manager_clears(client: Client) -> None:
    """Thirteen months after confirmation the page says « À reconfirmer »; the carrier's manager confirms."""
    fiche = published("Vieille fiche", confirmed_at=timezone.now() - datetime.timedelta(days=400))
    link = InitiativeStructureFactory.create(initiative=fiche)
    assert "À reconfirmer" in client.get(fiche.get_absolute_url()).content.decode()
    manager = StructureMembershipFactory.create(structure=link.structure, role=MemberRole.MANAGER).user
    client.login(email=manager.email, password=PASSWORD)
    stale = client.post(reverse("initiatives:confirm", args=[fiche.slug]), {"version": fiche.version + 5})
    assert stale.status_code == 409
    response = client.post(reverse("initiatives:confirm", args=[fiche.slug]), {"version": fiche.version})
    assert response.status_code == 302
    assert "À reconfirmer" not in client.get(fiche.get_absolute_url()).content.decode()
    assert client.post(reverse("initiatives:confirm", args=[fiche.slug]), {"version": "x"}).status_code == 400


def test_a_stranger_may_not_confirm_and_drafts_are_hidden(client: Client) -> None:
    fiche = published("Fiche publiée")
    InitiativeStructureFactory.create(initiative=fiche)
    assert client.post(reverse("initiatives:confirm", args=[fiche.slug]), {"version": 1}).status_code == 403
    draft = InitiativeFactory.create()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/initiatives/%C3%A9t%C3%A9/").status_code == 404


def test_related_initiatives_share_a_partner_or_the_typology(client: Client) -> None:
    shared = StructureFactory.create()
    fiche = published("La fiche", family=InnovationFamily.GOVERNANCE)
    InitiativeStructureFactory.create(initiative=fiche, structure=shared)
    neighbour = published("La voisine", family=InnovationFamily.ACTIVITY)
    InitiativeStructureFactory.create(initiative=neighbour, structure=shared, role=CarrierRole.PARTNER)
    published("Sans lien", family=InnovationFamily.ACTIVITY)
    html = unescape(client.get(fiche.get_absolute_url()).content.decode())
    related = html.split("Initiatives proches", 1)[1]
    assert "La voisine" in related
    assert "Sans lien" not in related


def test_the_fiche_shows_each_figure_with_its_source(client: Client) -> None:
    fiche = published("Fiche chiffrée")
    InitiativeFigureFactory.create(initiative=fiche, source_label="Rapport d'activité 2024")
    html = unescape(client.get(fiche.get_absolute_url()).content.decode())
    assert "Rapport d'activité 2024" in html
    assert "Télécharger la fiche en PDF" in html
