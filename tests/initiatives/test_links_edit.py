"""A fiche's editors name its partners and its essaimage on its edit page, at the fiche's version."""

from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.link_services import initiative_add_partner
from maillage.initiatives.models import Essaimage, Initiative, InitiativeStructure
from maillage.initiatives.services import initiative_create, initiative_link_structure
from maillage.memberships.enums import MemberRole
from tests.accounts.factories import StructureMembershipFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def fiche() -> tuple[Initiative, Any]:
    """Return a draft fiche and a manager of its carrying structure."""
    membership = StructureMembershipFactory.create(role=MemberRole.MANAGER)
    initiative = initiative_create(actor=membership.user, title="Un pôle de coopération")
    initiative_link_structure(actor=membership.user, initiative=initiative, structure=membership.structure)
    return initiative, membership.user


def test_an_editor_names_partners_and_essaimage_then_removes_them(client: Client) -> None:
    initiative, manager = fiche()
    partner = StructureFactory.create(name="Compagnie du Vent")
    adopter = StructureFactory.create(name="Fabrique de Lozère")
    client.force_login(manager)
    version = initiative.version

    added = client.post(
        reverse("initiatives:add_partner", args=[initiative.slug]),
        {"version": version, "structure": partner.slug, "role_label": "Coproduction des résidences"},
    )
    assert added.status_code == 302
    link = InitiativeStructure.objects.get(initiative=initiative, structure=partner)
    assert (link.role, link.role_label) == (CarrierRole.PARTNER, "Coproduction des résidences")
    version += 1
    spread = client.post(
        reverse("initiatives:add_essaimage", args=[initiative.slug]),
        {
            "version": version,
            "adopter_structure": adopter.slug,
            "started_on": "2024-09-01",
            "note": "Le modèle",
        },
    )
    assert spread.status_code == 302
    essaimage = Essaimage.objects.get(initiative=initiative)
    assert (essaimage.adopter_structure, str(essaimage.started_on)) == (adopter, "2024-09-01")
    version += 1
    page = unescape(client.get(reverse("initiatives:edit", args=[initiative.slug])).content.decode())
    assert "Compagnie du Vent — Partenaire (Coproduction des résidences)" in page
    assert "Fabrique de Lozère, depuis le 1 septembre 2024 — Le modèle" in page

    carrier = InitiativeStructure.objects.get(initiative=initiative, role=CarrierRole.CARRIER)
    kept = client.post(
        reverse("initiatives:remove_partner", args=[initiative.slug, carrier.pk]), {"version": version}
    )
    assert kept.status_code == 400  # carriers decide who edits: never removed here
    assert InitiativeStructure.objects.filter(pk=carrier.pk).exists()
    version = Initiative.objects.get(pk=initiative.pk).version
    gone = client.post(
        reverse("initiatives:remove_partner", args=[initiative.slug, link.pk]), {"version": version}
    )
    assert gone.status_code == 302
    version += 1
    client.post(
        reverse("initiatives:remove_essaimage", args=[initiative.slug, essaimage.pk]), {"version": version}
    )
    assert not InitiativeStructure.objects.filter(pk=link.pk).exists()
    assert not Essaimage.objects.exists()


def test_a_link_written_over_a_later_change_answers_409_showing_the_fiche_now(client: Client) -> None:
    initiative, manager = fiche()
    first, second = StructureFactory.create(name="Premier partenaire"), StructureFactory.create(name="Second")
    read = initiative.version
    # Someone else adds a partner after the page was read.
    initiative_add_partner(actor=manager, initiative=initiative, expected_version=read, structure=first)
    client.force_login(manager)
    stale = client.post(
        reverse("initiatives:add_partner", args=[initiative.slug]),
        {"version": read, "structure": second.slug, "role_label": "Diffusion"},
    )
    assert stale.status_code == 409
    page = unescape(stale.content.decode())
    assert "Quelqu'un a modifié cette fiche" in page
    assert "Premier partenaire — Partenaire" in page  # the other change
    assert 'value="Diffusion"' in page  # the person's input, kept
    assert not InitiativeStructure.objects.filter(structure=second).exists()


def test_only_editors_write_links_and_bad_input_is_refused_in_french(client: Client) -> None:
    initiative, manager = fiche()
    partner = StructureFactory.create()
    url = reverse("initiatives:add_partner", args=[initiative.slug])
    body = {"version": initiative.version, "structure": partner.slug}
    client.force_login(StructureMembershipFactory.create(role=MemberRole.MANAGER).user)
    assert client.post(url, body).status_code == 403
    client.force_login(manager)
    unknown = client.post(url, {**body, "structure": "nulle-part"})
    assert unknown.status_code == 400
    assert "Aucune structure de l'annuaire n'a l'adresse « nulle-part »." in unescape(
        unknown.content.decode()
    )
    both = client.post(
        reverse("initiatives:add_essaimage", args=[initiative.slug]),
        {
            "version": initiative.version,
            "adopter_structure": partner.slug,
            "adopter_initiative": initiative.slug,
        },
    )
    assert both.status_code == 400
    assert "soit une initiative, soit une structure" in unescape(both.content.decode())
    assert client.post(url, {**body, "version": "٣"}).status_code == 400
    assert not InitiativeStructure.objects.filter(structure=partner).exists()
