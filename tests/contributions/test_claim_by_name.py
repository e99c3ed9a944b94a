"""A structure is found by its name, accents and case aside, and any record can be claimed, SIRET or not."""

import html
import re

from django.urls import reverse

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.contributions.conftest import SAINT_ETIENNE, add_member


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_a_record_without_siret_is_found_by_name_and_claimed(client, loire_rhone, outsider) -> None:
    saint_etienne = Territory.objects.get(pk=SAINT_ETIENNE)
    fabrique = structure_create(name="La Fabrique", commune=saint_etienne)
    structure_create(name="La Fabrique", commune=Territory.objects.get(pk="COM-69123"))
    structure_create(name="Le Fil", commune=saint_etienne)
    client.force_login(outsider)

    found = page(client.get(reverse("contributions:start"), {"nom": "la FABRIQUE saint etienne"}))

    listed = re.findall(r'<li><a href="/structures/([^/]+)/">', found)
    assert listed == [fabrique.slug]
    claim_url = reverse("contributions:claim", args=[fabrique.slug])
    assert claim_url in found
    response = client.post(claim_url, {"message": "Je suis la chargée d'administration."})
    claim = ChangeRequest.objects.get()
    assert response.url == reverse("contributions:request", args=[claim.pk])
    assert (claim.kind, claim.structure, claim.author, claim.status) == (
        RequestKind.CLAIM,
        fabrique,
        outsider,
        RequestStatus.PENDING,
    )
    assert claim.message == "Je suis la chargée d'administration."


def test_a_name_nobody_has_says_what_to_do(client, loire_rhone) -> None:
    found = page(client.get(reverse("contributions:start"), {"nom": "Compagnie introuvable"}))

    assert "Aucune structure de l'annuaire ne correspond à ce nom" in found
    assert "proposez-la avec son numéro SIRET" in found


def test_visitors_are_offered_to_claim_and_asked_to_sign_in_with_a_way_back(client, sirene_structure) -> None:
    detail = page(client.get(reverse("structures:detail", args=[sirene_structure.slug])))
    claim_url = reverse("contributions:claim", args=[sirene_structure.slug])
    assert "C'est votre structure ?" in detail
    assert claim_url in detail

    claim_page = page(client.get(claim_url))
    assert "Connectez-vous pour revendiquer" in claim_page
    assert "Créer un compte pour revendiquer" in claim_page

    response = client.post(claim_url, {"message": "Bonjour, je suis la trésorière."})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert f"next={claim_url}" in response.url.replace("%2F", "/")
    assert not ChangeRequest.objects.exists()
    response = client.post(claim_url, {"message": "Bonjour, je suis la trésorière.", "compte": "creer"})
    assert response.url.replace("%2F", "/") == f"{reverse('accounts:signup')}?next={claim_url}"

    # Back after logging in, the message typed is still there.
    client.force_login(UserFactory.create())
    assert "Bonjour, je suis la trésorière." in page(client.get(claim_url))


def test_managers_are_not_offered_to_claim_their_own_record(client, sirene_structure) -> None:
    client.force_login(add_member(sirene_structure, role=MemberRole.MANAGER))

    detail = page(client.get(reverse("structures:detail", args=[sirene_structure.slug])))
    claim_page = page(client.get(reverse("contributions:claim", args=[sirene_structure.slug])))

    assert "C'est votre structure ?" not in detail
    assert "Vous gérez déjà cette structure" in claim_page


def test_an_empty_directory_search_suggests_adding_the_structure(client, loire_rhone) -> None:
    listing = page(client.get(reverse("structures:list"), {"q": "zzz compagnie inconnue"}))

    assert "Ajouter ou revendiquer ma structure" in listing
    assert reverse("contributions:start") + "?nom=zzz%20compagnie%20inconnue" in listing


def test_an_unknown_record_cannot_be_claimed(client, outsider) -> None:
    client.force_login(outsider)

    response = client.post(reverse("contributions:claim", args=["nulle-part"]), {"message": ""})

    assert response.status_code == 404
    assert not Structure.objects.exists()
