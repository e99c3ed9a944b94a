"""Writes to the catalogue: create, update (conditional on the version read), move through the workflow."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from maillage.concurrency.versions import check_version, versioned_update
from maillage.schemes.enums import ReviewStatus, SchemeStatus, TagKind
from maillage.schemes.models import Scheme, SchemePorteur, SchemeReview, SchemeTag, SchemeTerritory
from maillage.search.fulltext import document
from maillage.structures.models import Discipline, Structure
from maillage.territories.models import Territory, TerritoryCommune

# Who may move a scheme from one state to another is `can`'s business; which moves exist is this table's.
TRANSITIONS = {
    SchemeStatus.DRAFT: {SchemeStatus.SUBMITTED, SchemeStatus.WITHDRAWN},
    SchemeStatus.SUBMITTED: {SchemeStatus.PUBLISHED, SchemeStatus.DRAFT, SchemeStatus.WITHDRAWN},
    SchemeStatus.PUBLISHED: {SchemeStatus.CLOSED, SchemeStatus.WITHDRAWN},
    SchemeStatus.CLOSED: {SchemeStatus.PUBLISHED, SchemeStatus.WITHDRAWN},
    SchemeStatus.WITHDRAWN: {SchemeStatus.DRAFT},
}
TAGGED = {
    "aid_types": TagKind.AID_TYPE,
    "targets": TagKind.TARGET,
    "needs": TagKind.NEED,
    "instruments": TagKind.INSTRUMENT,
    "formats": TagKind.FORMAT,
}
SCHEME_FIELDS = frozenset(
    f.name
    for f in Scheme._meta.concrete_fields
    if f.name not in {"id", "version", "created_at", "updated_at"}
)


def person_entry(actor: Any) -> dict[str, Any]:
    return {"kind": "person", "by": getattr(actor, "pk", None), "at": timezone.localdate().isoformat()}


def import_entry(source: str) -> dict[str, Any]:
    return {"kind": "import", "source": source, "at": timezone.localdate().isoformat()}


def _check_names(fields: dict[str, Any]) -> None:
    unknown = set(fields) - SCHEME_FIELDS
    if unknown:
        raise ValidationError(f"Champs inconnus : {', '.join(sorted(unknown))}.")


@transaction.atomic
def scheme_create(
    *,
    actor: Any,
    source: str,
    source_date: datetime.date | None = None,
    porteurs: Iterable[dict[str, Any]] = (),
    disciplines: Iterable[Discipline] = (),
    provenance: dict[str, Any] | None = None,
    **fields: Any,
) -> Scheme:
    """Create a scheme with its porteurs; its area, facets and index follow."""
    _check_names(fields)
    scheme = Scheme(source=source, source_date=source_date or timezone.localdate(), **fields)
    scheme.field_sources = {"_": provenance or person_entry(actor)}
    scheme.full_clean(exclude=["search_document"])
    scheme.save()
    scheme.disciplines.set(list(disciplines))
    _set_porteurs(scheme, porteurs)
    scheme_refresh(scheme=scheme)
    return scheme


@transaction.atomic
def scheme_update(
    *,
    scheme: Scheme,
    actor: Any,
    expected_version: int | None = None,
    porteurs: Iterable[dict[str, Any]] | None = None,
    disciplines: Iterable[Discipline] | None = None,
    provenance: dict[str, Any] | None = None,
    **fields: Any,
) -> Scheme:
    """Change some fields of a scheme read at `expected_version` (None: as it is now, row locked)."""
    _check_names(fields)
    current = Scheme.objects.select_for_update().get(pk=scheme.pk)
    check_version(current, expected_version)
    entry = provenance or person_entry(actor)
    for name, value in fields.items():
        setattr(current, name, value)
        current.field_sources[name] = entry
    if porteurs is not None:
        current.field_sources["porteurs"] = entry
    current.full_clean(exclude=["search_document"])
    current.version = versioned_update(
        current, expected_version=current.version, fields=[*fields, "field_sources", "updated_at"]
    )
    if disciplines is not None:
        current.disciplines.set(list(disciplines))
    if porteurs is not None:
        current.porteurs.all().delete()
        _set_porteurs(current, porteurs)
    scheme_refresh(scheme=current)
    return current


@transaction.atomic
def scheme_set_status(
    *, scheme: Scheme, status: str, actor: Any, expected_version: int | None = None
) -> Scheme:
    """Move a scheme through its workflow: draft → submitted → published → closed or withdrawn."""
    current = Scheme.objects.select_for_update().get(pk=scheme.pk)
    check_version(current, expected_version)
    target = SchemeStatus(status)
    if target not in TRANSITIONS[SchemeStatus(current.status)]:
        raise ValidationError(
            f"Un dispositif « {current.get_status_display()} » ne peut pas passer à « {target.label} »."
        )
    current.status = target
    current.version = versioned_update(current, expected_version=current.version, fields=["status"])
    return current


def _set_porteurs(scheme: Scheme, porteurs: Iterable[dict[str, Any]]) -> None:
    rows = list(porteurs)
    sirens = {str(p.get("siren") or "") for p in rows} - {""}
    directory = {
        s.siren: s
        for s in Structure.objects.published().filter(siren__in=sirens, parent__isnull=True).order_by("-pk")
    }
    SchemePorteur.objects.bulk_create(
        SchemePorteur(
            scheme=scheme,
            position=position,
            name=str(p.get("nom") or p.get("name") or ""),
            siren=str(p.get("siren") or ""),
            roles=[str(r) for r in p.get("roles") or []],
            structure=p.get("structure") or directory.get(str(p.get("siren") or "")),
        )
        for position, p in enumerate(rows)
    )


def scheme_refresh(*, scheme: Scheme) -> None:
    """Rebuild what follows from the fields: the area's links, facets, size of the area, the index."""
    SchemeTerritory.objects.filter(scheme=scheme).delete()
    SchemeTag.objects.filter(scheme=scheme).delete()
    codes = {*scheme.geo_codes, *scheme.geo_exclusions}
    known = set(Territory.objects.filter(pk__in=codes).values_list("pk", flat=True))
    SchemeTerritory.objects.bulk_create(
        [
            SchemeTerritory(scheme=scheme, territory_id=c, excluded=False)
            for c in scheme.geo_codes
            if c in known
        ]
        + [
            SchemeTerritory(scheme=scheme, territory_id=c, excluded=True)
            for c in scheme.geo_exclusions
            if c in known
        ],
        ignore_conflicts=True,
    )
    SchemeTag.objects.bulk_create(
        [
            SchemeTag(scheme=scheme, kind=kind, value=str(value)[:100])
            for name, kind in TAGGED.items()
            for value in dict.fromkeys(getattr(scheme, name))
        ],
        ignore_conflicts=True,
    )
    included = [c for c in scheme.geo_codes if c in known]
    porteur_names = " ".join(scheme.porteurs.values_list("name", flat=True))
    scheme.area_communes = TerritoryCommune.objects.filter(territory_id__in=included).count()
    scheme.search_document = document(
        (scheme.title, 3),
        (scheme.promise, 2),
        (porteur_names, 2),
        (" ".join(scheme.programmes_parents), 1),
        (scheme.description, 1),
        (scheme.eligibility, 1),
    )
    Scheme.objects.filter(pk=scheme.pk).update(
        area_communes=scheme.area_communes, search_document=scheme.search_document
    )


@transaction.atomic
def scheme_review_decide(*, review: SchemeReview, accept: bool, actor: Any) -> SchemeReview:
    """Accept (apply) or reject the changes an import proposed to a published scheme."""
    current = SchemeReview.objects.select_for_update().get(pk=review.pk)
    if current.status != ReviewStatus.PENDING:
        raise ValidationError("Ces changements ont déjà été examinés.")
    if accept:
        changes = dict(current.changes)
        porteurs = changes.pop("porteurs", None)
        values = {name: _from_json(name, value) for name, value in changes.items()}
        scheme_update(
            scheme=current.scheme,
            actor=actor,
            porteurs=porteurs,
            provenance=import_entry(current.source),
            **values,
        )
    current.status = ReviewStatus.ACCEPTED if accept else ReviewStatus.REJECTED
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "decided_at"])
    return current


def _from_json(name: str, value: Any) -> Any:
    field = Scheme._meta.get_field(name)
    if value is None or not isinstance(field, models.Field):
        return value
    return field.to_python(value)
