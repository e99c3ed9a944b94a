"""schema.org `CreativeWork` description of a resource, for search engines and catalogues."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from maillage.resources.models import Resource
from maillage.structures.enums import DatePrecision


def _date(resource: Resource) -> str:
    """Write the resource's date to the precision its source gives (2010, 2012-04, 2012-04-13)."""
    if resource.published_on is None:
        return ""
    if resource.date_precision == DatePrecision.YEAR:
        return str(resource.published_on.year)
    if resource.date_precision == DatePrecision.MONTH:
        return resource.published_on.strftime("%Y-%m")
    return resource.published_on.isoformat()


def _structure(structure: Any, base_url: str) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": structure.name,
        "url": base_url + reverse("structures:detail", kwargs={"slug": structure.slug}),
    }


def resource_jsonld(resource: Resource, *, base_url: str) -> dict[str, Any]:
    """Return the JSON-LD document of one resource."""
    url = f"{base_url}{resource.get_absolute_url()}"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": url,
        "name": resource.title,
        "url": url,
        "genre": resource.get_kind_display(),
        "inLanguage": resource.language,
    }
    if resource.summary:
        data["abstract"] = resource.summary
    if resource.url:
        data["sameAs"] = resource.url
    if resource.published_on:
        data["datePublished"] = _date(resource)
    if resource.publisher_id and resource.publisher:
        data["publisher"] = _structure(resource.publisher, base_url)
    elif resource.publisher_name:
        data["publisher"] = {"@type": "Organization", "name": resource.publisher_name}
    creators = [_structure(s, base_url) for s in resource.creators.all()]
    creators += [
        {"@type": "Person", "name": n.strip()} for n in resource.creator_names.split(",") if n.strip()
    ]
    if creators:
        data["creator"] = creators
    if resource.licence:
        data["license"] = resource.licence
    places = [{"@type": "AdministrativeArea", "name": t.name} for t in resource.territories.all()]
    if places:
        data["spatialCoverage"] = places
    keywords = [d.name for d in resource.disciplines.all()]
    if keywords:
        data["keywords"] = keywords
    return data
