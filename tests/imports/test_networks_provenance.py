"""A network's file never overwrites what a person set on a record it wrote: it proposes the change."""

import codecs

import pytest
from django.test import Client
from django.urls import reverse

from maillage.history.models import Revision
from maillage.imports.networks.importer import network_file_import
from maillage.memberships.enums import MemberRole
from maillage.structures.enums import SourceChangeState
from maillage.structures.models import SourceChange, Structure
from maillage.structures.services import structure_update
from tests.accounts.factories import StructureMembershipFactory
from tests.structures.factories import luhn_complete

pytestmark = pytest.mark.django_db
LABEL = "Réseau des musiques actuelles"
SIRET = luhn_complete(luhn_complete("00000001") + "0001")


def member_file(phone: str, website: str) -> bytes:
    lines = [
        "Nom;SIRET;Code postal;Ville;Téléphone;Site internet",
        f"Le Fil;{SIRET};42000;Saint-Étienne;{phone};{website}",
    ]
    return codecs.BOM_UTF8 + ("\r\n".join(lines) + "\r\n").encode()


def test_a_managers_phone_survives_the_networks_next_file(loire_rhone: None) -> None:
    network_file_import(
        content=member_file("0477123456", "www.le-fil.com"), file_name="membres.csv", source_label=LABEL
    )
    structure = Structure.objects.get(siret=SIRET)
    manager = StructureMembershipFactory.create(structure=structure, role=MemberRole.MANAGER).user
    structure_update(structure=structure, phone="04 77 11 11 11", actor=manager)

    result = network_file_import(
        content=member_file("0477999999", "https://www.le-fil-smac.fr"),
        file_name="membres.csv",
        source_label=LABEL,
    )

    structure.refresh_from_db()
    assert structure.phone == "04 77 11 11 11"
    assert structure.website == "https://www.le-fil-smac.fr"
    change = SourceChange.objects.get(structure=structure, state=SourceChangeState.PENDING)
    assert change.source == f"network:{LABEL}"
    assert change.proposed == {"phone": "04 77 99 99 99"}
    assert change.run == result.run.pk
    assert any("contredites par le fichier" in line for line in result.report.summary())
    line = Revision.objects.filter(structure=structure, via="import").latest("created_at")
    assert line.comment == f"via l'import du fichier « {LABEL} » n° {result.run.pk}"
    assert "website" in line.changes
    assert "phone" not in line.changes
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("structures:detail", args=[structure.slug])).content.decode()
    assert f"Le fichier « {LABEL} » dit désormais" in page
