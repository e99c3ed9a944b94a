"""schema.org `CreativeWork` description of a fiche, for search engines and catalogues."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.models import Initiative


def _organization(structure: Any, base_url: str) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": structure.name,
        "url": base_url + reverse("structures:detail", kwargs={"slug": structure.slug}),
    }


def initiative_jsonld(initiative: Initiative, *, base_url: str) -> dict[str, Any]:
    """Return the JSON-LD document of one fiche: its carriers as creators, its partners as contributors."""
    url = f"{base_url}{initiative.get_absolute_url()}"
    links = list(initiative.links.all())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "name": initiative.title,
        "url": url,
        "inLanguage": "fr",
        "genre": "Initiative",
    }
    if initiative.summary:
        data["abstract"] = initiative.summary
    if initiative.published_at:
        data["datePublished"] = initiative.published_at.date().isoformat()
    if initiative.confirmed_at:
        data["dateModified"] = initiative.confirmed_at.date().isoformat()
    carriers = [_organization(x.structure, base_url) for x in links if x.role == CarrierRole.CARRIER]
    partners = [_organization(x.structure, base_url) for x in links if x.role == CarrierRole.PARTNER]
    if carriers:
        data["creator"] = carriers
    if partners:
        data["contributor"] = partners
    if initiative.territory_id and initiative.territory:
        data["spatialCoverage"] = {"@type": "AdministrativeArea", "name": initiative.territory.name}
    keywords = [initiative.get_family_display()] if initiative.family else []
    keywords += [d.name for d in initiative.disciplines.all()]
    if keywords:
        data["keywords"] = keywords
    if initiative.drawn_from_public_page and initiative.source_label:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": initiative.source_label}
        if initiative.source_url:
            data["isBasedOn"]["url"] = initiative.source_url
    return data
