"""GET /api/v1/structures (the directory's search, as on the page) and /api/v1/structures/<id>."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import Router
from ninja.responses import Status

from maillage.api.auth import structures_write
from maillage.api.conditional import (
    RECORD_ETAG_RESPONSES,
    WRITE_RESPONSES,
    conditional_patch,
    field_errors,
    if_match_parameter,
    unless_editor,
)
from maillage.api.schemas import Error
from maillage.api.structure_schemas import (
    Code,
    CommuneRef,
    KeyFigureOut,
    LabelOut,
    PlaceRef,
    RelationOut,
    SourceOut,
    StructureDetail,
    StructurePatch,
    StructureRef,
)
from maillage.api.versions import ETAG_HEADER, etag
from maillage.search.params import id_or_none
from maillage.structures.exports import structure_path
from maillage.structures.models import Discipline, KeyFigure, Relation, Structure
from maillage.structures.selectors import structure_get, structure_relations
from maillage.structures.services import structure_update
from maillage.structures.validators import compact_identifier
from maillage.territories.enums import Level
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_projects

router = Router(tags=["structures"])


def _absolute(request: HttpRequest, slug: str) -> str:
    return request.build_absolute_uri(structure_path(slug))


def _place(territory: Territory | None) -> PlaceRef | None:
    return PlaceRef(id=territory.id, nom=territory.name) if territory else None


def _ref(request: HttpRequest, structure: Structure) -> StructureRef:
    return StructureRef(id=structure.slug, nom=structure.name, url=_absolute(request, structure.slug))


def _item_fields(request: HttpRequest, structure: Structure) -> dict[str, Any]:
    """Return the fields a list item and the detail share (the detail then says more of the commune)."""
    commune = structure.commune
    return {
        "id": structure.slug,
        "nom": structure.name,
        "url": _absolute(request, structure.slug),
        "sigle": structure.acronym or None,
        "type": structure.kind,
        "famille_ess": structure.ess_family,
        "ess": structure.is_ess,
        "siret": structure.siret or None,
        "commune": _place(commune),
        "departement": _place(commune.departement if commune else None),
        "latitude": structure.latitude,
        "longitude": structure.longitude,
        "disciplines": [d.slug for d in structure.disciplines.all()],
        "en_activite": structure.is_active,
    }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _figure(figure: KeyFigure) -> KeyFigureOut:
    return KeyFigureOut(
        annee=figure.year,
        indicateur=figure.metric,
        valeur=_number(figure.value),
        approchee=figure.is_approximate,
        qualificatif=figure.qualifier or None,
        note=figure.note or None,
        source=SourceOut(
            libelle=figure.source_label or None, url=figure.source_url or None, date=figure.source_date
        ),
    )


def _relation(request: HttpRequest, structure: Structure, relation: Relation) -> RelationOut:
    outgoing = relation.source_id == structure.pk
    other = relation.target if outgoing else relation.source
    return RelationOut(
        type=relation.kind,
        sens="sortante" if outgoing else "entrante",
        structure=_ref(request, other) if other else None,
        acte=relation.joint_act or None,
        debut=relation.start_date,
        fin=relation.end_date,
        precision_dates=relation.date_precision,
        source=SourceOut(
            libelle=relation.source_label or None, url=relation.source_url or None, date=relation.source_date
        ),
    )


def _find(structure_id: str) -> Structure:
    structure = structure_get(_slug(structure_id))
    if structure.withdrawn_at is not None:  # unpublished: answered as an unknown record
        raise Structure.DoesNotExist(structure_id)
    return structure


def _slug(structure_id: str) -> str:
    """Return the slug a public id stands for; raise Structure.DoesNotExist when it is a number of none."""
    if (number := id_or_none(structure_id)) is not None:
        # A slug may be all digits ("1789"): it wins over a primary key of the same spelling.
        matches = dict(
            Structure.objects.filter(Q(slug=structure_id) | Q(pk=number)).values_list("slug", "pk")
        )
        slug = structure_id if structure_id in matches else next(iter(matches), None)
        if slug is None:
            raise Structure.DoesNotExist(structure_id)
        structure_id = slug
    return structure_id


@router.get(
    "/{structure_id}",
    response={200: StructureDetail, 404: Error},
    summary="Une structure, ses chiffres clés et ses relations",
    description=(
        "L'en-tête `ETag` de la réponse identifie la version de la fiche : renvoyez-le dans `If-Match` "
        "pour la modifier (`PATCH`)."
    ),
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def structure_detail(
    request: HttpRequest, response: HttpResponse, structure_id: str
) -> Status[StructureDetail | Error]:
    """Return one structure by its public id (slug) or its number, with its version as ETag."""
    try:
        structure = _find(structure_id)
    except Structure.DoesNotExist:
        return Status(404, Error(detail=f"Structure inconnue : {structure_id[:100]}"))
    response["ETag"] = etag(structure)
    return Status(200, _detail(request, structure))


def _detail(request: HttpRequest, structure: Structure) -> StructureDetail:
    commune = structure.commune
    territories: list[str] = []
    if commune is not None:
        territories = [
            t for t in (commune.id, commune.epci_id, commune.departement_id, commune.region_id) if t
        ] + [p.id for p in territory_projects(commune)]
    fields = _item_fields(request, structure)
    fields["commune"] = (
        CommuneRef(id=commune.id, nom=commune.name, code_insee=commune.code) if commune else None
    )
    return StructureDetail(
        **fields,
        autres_noms=[n.strip() for n in structure.other_names.splitlines() if n.strip()],
        description=structure.description or None,
        siren=structure.siren or None,
        categorie_juridique=(
            Code(code=structure.legal_category_code, libelle=structure.legal_category_label)
            if structure.legal_category_code
            else None
        ),
        naf=Code(code=structure.naf_code, libelle=structure.naf_label) if structure.naf_code else None,
        activites=[a.activity for a in structure.activities.all()],
        labels=[
            LabelOut(nom=label.name, sigle=label.acronym or None, nature=label.kind)
            for label in structure.labels.all()
        ],
        adresse=structure.street or None,
        code_postal=structure.postal_code or None,
        region=_place(commune.region if commune else None),
        territoires=territories,
        territoires_d_action=[PlaceRef(id=t.id, nom=t.name) for t in structure.territories_served.all()],
        site_web=structure.website or None,
        courriel=structure.email or None,
        telephone=structure.phone or None,
        creation=structure.founded_on,
        creation_precision=structure.founded_on_precision,
        fermee_le=structure.closed_on,
        rattachement=_ref(request, structure.parent) if structure.parent else None,
        antennes=[_ref(request, b) for b in structure.branches.all()],
        chiffres=[_figure(f) for f in structure.key_figures.all()],
        relations=[_relation(request, structure, r) for r in structure_relations(structure)],
        source=structure.source,
        source_id=structure.source_id or None,
        source_libelle=structure.source_label or None,
        source_url=structure.source_url or None,
        source_date=structure.source_date,
        mise_a_jour=structure.updated_at,
    )


# Body field → model field, for the writes; the same French names as the answers.
PATCH_FIELDS = {
    "nom": "name",
    "sigle": "acronym",
    "autres_noms": "other_names",
    "description": "description",
    "siret": "siret",
    "type": "kind",
    "adresse": "street",
    "code_postal": "postal_code",
    "commune": "commune",
    "site_web": "website",
    "courriel": "email",
    "telephone": "phone",
    "disciplines": "disciplines",
    "activites": "activities",
}
# Model field → body field, for the errors; derived fields are reported on the field they come from.
ERROR_FIELDS = {model: api for api, model in PATCH_FIELDS.items()} | {
    "siren": "siret",
    "commune_id": "commune",
    "slug": "nom",
    "__all__": "structure",
}
PATCH_DESCRIPTION = (
    "Modifie les champs envoyés (les autres restent) et note la fiche comme confirmée. Un corps vide `{}` "
    "confirme la fiche sans la changer. Réservé aux membres de la structure, aux coordinateurs de son "
    "réseau ou de son territoire et aux administrateurs, avec un jeton de portée `structures:write` "
    "(en-tête `Authorization: Bearer <clé>`, clé créée sur la page « Jetons d'API » du compte). "
    "La modification est inscrite à l'historique de la fiche. Une valeur refusée donne une réponse 400 "
    "`{detail, erreurs}` qui dit quel champ et pourquoi ; rien n'est alors modifié.\n\n"
    "**Modifications concurrentes** : l'en-tête `If-Match` est obligatoire, avec l'`ETag` reçu en lisant "
    "la fiche (`GET`). Sans lui, la réponse est 428 ; si la fiche a changé depuis, 412 avec l'`ETag` "
    "actuel : relisez-la, puis renvoyez votre modification. Une réponse 200 donne le nouvel `ETag`."
)


def _patch_values(structure: Structure, payload: StructurePatch) -> dict[str, Any]:
    """Turn the body into the service's arguments; raise ValidationError for unknown references."""
    given = payload.model_dump(exclude_unset=True)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in given.items():
        field = PATCH_FIELDS[name]
        if field == "commune":
            commune = Territory.objects.filter(id=value, level=Level.COMMUNE).first() if value else None
            if value and commune is None:
                errors[name] = f"Commune inconnue : « {value[:100]} ». Donnez un identifiant comme COM-42218."
            values["commune"] = commune
        elif field == "disciplines":
            slugs = list(dict.fromkeys(value or []))
            found = list(Discipline.objects.filter(slug__in=slugs))
            unknown = sorted(set(slugs) - {d.slug for d in found})
            if unknown:
                errors[name] = f"Disciplines inconnues : {', '.join(s[:100] for s in unknown)}."
            values["disciplines"] = found
        elif field == "activities":
            values["activities"] = value or []
        elif field == "siret":
            siret = values["siret"] = compact_identifier(value or "")
            # The constraint would report this on the whole record; the person needs it on the field.
            if siret and Structure.objects.filter(siret=siret).exclude(pk=structure.pk).exists():
                errors[name] = "Une autre structure porte déjà ce SIRET : demandez plutôt à la rejoindre."
        elif field == "other_names":
            values["other_names"] = "\n".join(n.strip() for n in value or [] if n.strip())
        else:
            values[field] = (value or "").strip()
    if errors:
        raise ValidationError(errors)
    return values


@router.patch(
    "/{structure_id}",
    auth=structures_write,
    response={200: StructureDetail, **WRITE_RESPONSES},
    summary="Modifier une structure",
    description=PATCH_DESCRIPTION,
    openapi_extra={
        "parameters": [if_match_parameter("L'`ETag` reçu avec `GET /api/v1/structures/{structure_id}`.")],
        "responses": RECORD_ETAG_RESPONSES,
    },
)
def structure_patch(
    request: HttpRequest, response: HttpResponse, structure_id: str, payload: StructurePatch
) -> Status[Any]:
    """Change the fields sent, as the key's owner, if the permission rules let that person edit."""
    try:
        # Only the commune is needed to validate and index the record; the answer reloads it whole.
        found: Structure | None = Structure.objects.select_related("commune").get(slug=_slug(structure_id))
    except Structure.DoesNotExist:
        found = None

    def write(structure: Structure, expected: int) -> Structure:
        values = _patch_values(structure, payload)
        structure_update(
            structure=structure, expected_version=expected, actor=request.user, via="api", **values
        )
        return structure

    return conditional_patch(
        request,
        response,
        found,
        unknown=f"Structure inconnue : {structure_id[:100]}",
        refusal=lambda structure: unless_editor(
            request.user,
            structure,
            f"« {structure.name} »",
            hint="Vous pouvez proposer une modification depuis sa fiche sur le site.",
        ),
        write=write,
        errors=field_errors(ERROR_FIELDS, whole="structure"),
        answer=lambda structure: _detail(request, structure_get(structure.slug)),
    )
