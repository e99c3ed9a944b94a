"""Schemes for tests, written through the service so their area, facets and index follow."""

import datetime
import uuid
from typing import Any

from django.utils import timezone

from maillage.schemes.enums import SchemeStatus, Variant
from maillage.schemes.models import Scheme
from maillage.schemes.services import scheme_create


def make_scheme(**fields: Any) -> Scheme:
    """Create a published scheme of the professionnels variant; any field may be given."""
    values: dict[str, Any] = {
        "uid": uuid.uuid4(),
        "variant": Variant.PROFESSIONNELS,
        "title": "Fonds d'appui aux structures culturelles",
        "description": "Soutien au développement des structures culturelles de l'ESS.",
        "eligibility": "• Être une structure de l'ESS",
        "aid_types": ["financement"],
        "targets": ["associations", "professionnels"],
        "geo_codes": ["PAYS-99100"],
        "source_updated_at": timezone.now() - datetime.timedelta(days=1),
        "status": SchemeStatus.PUBLISHED,
        "sectors": ["culture"],
    }
    values.update(fields)
    porteurs = values.pop(
        "porteurs", [{"nom": "Région Auvergne-Rhône-Alpes", "siren": "", "roles": ["financeur"]}]
    )
    return scheme_create(actor=None, source="tests", porteurs=porteurs, **values)
