"""Writes of the resource library: keyword-only, one transaction, conditional on the version read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.concurrency.versions import versioned_update
from maillage.resources.models import Collection, CollectionItem, Resource
from maillage.schemes.needs import need_labels

# Relations written beside the row's own fields.
RESOURCE_LINKS = ("creators", "structures", "territories", "disciplines")


def _unique_slug(model: Any, text: str) -> str:
    base = (slugify(text)[:100] or "ressource").strip("-")
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_needs(needs: Sequence[str]) -> None:
    unknown = sorted(set(needs) - set(need_labels()))
    if unknown:
        raise ValidationError({"needs": f"Thème inconnu : {', '.join(unknown)}."})


def _set_links(resource: Resource, links: dict[str, Any]) -> None:
    for name, values in links.items():
        if values is not None:
            getattr(resource, name).set(values)


def resource_create(*, actor: Any, title: str, **fields: Any) -> Resource:
    """Create a resource with its creators, territories and disciplines."""
    links = {name: fields.pop(name, None) for name in RESOURCE_LINKS}
    _check_needs(fields.get("needs", []))
    with transaction.atomic():
        resource = Resource(
            title=title, slug=fields.pop("slug", None) or _unique_slug(Resource, title), **fields
        )
        resource.full_clean(exclude=["search_document"])
        resource.save()
        _set_links(resource, links)
    return resource


def resource_update(*, actor: Any, resource: Resource, expected_version: int, **changes: Any) -> Resource:
    """Write the changed fields unless someone changed the resource since `expected_version`."""
    links = {name: changes.pop(name, None) for name in RESOURCE_LINKS}
    _check_needs(changes.get("needs", []))
    with transaction.atomic():
        for name, value in changes.items():
            setattr(resource, name, value)
        resource.full_clean(exclude=["search_document"])
        resource.search_document = resource.index_document()
        versioned_update(resource, expected_version=expected_version, fields={*changes, "search_document"})
        _set_links(resource, links)
    return resource


def resource_withdraw(*, actor: Any, resource: Resource, expected_version: int, reason: str) -> Resource:
    """Withdraw the resource from every public list and collection page, keeping it whole."""
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Indiquez le motif du retrait."})
    return resource_update(
        actor=actor,
        resource=resource,
        expected_version=expected_version,
        withdrawn_at=timezone.now(),
        withdrawn_reason=reason.strip()[:300],
    )


def resource_republish(*, actor: Any, resource: Resource, expected_version: int) -> Resource:
    """Publish a withdrawn resource again."""
    return resource_update(
        actor=actor,
        resource=resource,
        expected_version=expected_version,
        withdrawn_at=None,
        withdrawn_reason="",
    )


def collection_create(*, actor: Any, title: str, **fields: Any) -> Collection:
    """Create an empty collection (its items are set by `collection_set_items`)."""
    with transaction.atomic():
        collection = Collection(
            title=title, slug=fields.pop("slug", None) or _unique_slug(Collection, title), **fields
        )
        collection.full_clean()
        collection.save()
    return collection


def collection_update(
    *, actor: Any, collection: Collection, expected_version: int, **changes: Any
) -> Collection:
    """Write the changed fields unless someone changed the collection since `expected_version`."""
    parent = changes.get("parent")
    while parent is not None:  # a collection inside itself would have no page to start from
        if parent.pk == collection.pk:
            raise ValidationError({"parent": "Une collection ne peut pas se contenir elle-même."})
        parent = parent.parent
    with transaction.atomic():
        for name, value in changes.items():
            setattr(collection, name, value)
        collection.full_clean()
        versioned_update(collection, expected_version=expected_version, fields=changes)
    return collection


def collection_set_items(
    *,
    actor: Any,
    collection: Collection,
    expected_version: int,
    items: Sequence[tuple[Resource, str]],
) -> Collection:
    """Replace the collection's items by `items` (resource, editor's note), in that order."""
    resources = [resource for resource, _ in items]
    if len({r.pk for r in resources}) != len(resources):
        raise ValidationError({"items": "Une ressource figure deux fois dans la collection."})
    with transaction.atomic():
        # The version moves with the items: two editors reordering at once cannot both win.
        versioned_update(collection, expected_version=expected_version, fields=())
        CollectionItem.objects.filter(collection=collection).delete()
        CollectionItem.objects.bulk_create(
            CollectionItem(collection=collection, resource=resource, position=i, note=note)
            for i, (resource, note) in enumerate(items)
        )
    return collection


def collection_withdraw(
    *, actor: Any, collection: Collection, expected_version: int, reason: str
) -> Collection:
    """Withdraw the collection from the library, keeping it and its items."""
    if not reason.strip():
        raise ValidationError({"withdrawn_reason": "Indiquez le motif du retrait."})
    return collection_update(
        actor=actor,
        collection=collection,
        expected_version=expected_version,
        withdrawn_at=timezone.now(),
        withdrawn_reason=reason.strip()[:300],
    )
