"""Ids of a large directory stay bare numbers in forms and anchors (no French thousands separator)."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from tests.structures.factories import StructureFactory


@pytest.mark.django_db
def test_the_merge_form_posts_ids_without_separator(client: Client) -> None:
    admin = User.objects.create_superuser("admin@example.org", "maillage-mot-de-passe-solide-42")
    first = StructureFactory.create(pk=123456, name="Théâtre des Pénitents")
    second = StructureFactory.create(pk=123457, name="Theatre des Penitents", commune=first.commune)
    client.force_login(admin)

    merge = client.get(reverse("upkeep:merge", args=[first.pk, second.pk])).content.decode()

    # "123 456" would post a value the view cannot read back.
    assert 'value="123456"' in merge
    assert 'value="123457"' in merge
