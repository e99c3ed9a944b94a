"""GET/POST/PATCH /api/v1/accompagnements: a body's case files for its own tools, never anonymous.

Reads need a key of scope `accompagnements:read`, writes `accompagnements:write`; a key acts with its
owner's rights (`memberships.rules.can`), so a case stays as confidential as on the pages, and a read from
outside the case's body is logged the same way.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from maillage.accompaniment import phases
from maillage.accompaniment.enums import CaseAction
from maillage.accompaniment.models import Body, Case
from maillage.accompaniment.selectors import readable_cases
from maillage.accompaniment.sharing import case_read
from maillage.api.auth import accompaniment_read, accompaniment_write
from maillage.api.conditional import RECORD_ETAG_RESPONSES, if_match_parameter
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FieldErrorsOut
from maillage.api.versions import ETAG_HEADER, IF_MATCH_MISSING, IF_MATCH_STALE, etag, matched_version
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.structures.models import Structure

router = Router(tags=["accompagnements"])
PAGE_SIZE = 50
NOT_READER = "Ce dossier d'accompagnement est confidentiel : vous ne pouvez pas le consulter."
NOT_OFFICER = "Seul·es les chargé·es d'accompagnement de la structure font avancer ce dossier."
IF_MATCH_PARAMETER = if_match_parameter("L'`ETag` reçu avec `GET /api/v1/accompagnements/{case_id}`.")
KEYED = RECORD_ETAG_RESPONSES


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=10000, description="numéro de page (50 par page)")


class StructureRef(Schema):
    id: str
    nom: str


class ActionOut(Schema):
    id: int
    intitule: str
    debut: datetime.date
    fin: datetime.date
    jours: Decimal
    cout: Decimal
    collective: bool
    structures: list[str]


class CheckpointRef(Schema):
    id: int
    mois: int
    prevu_le: datetime.date
    fait_le: datetime.date | None


class CaseSummary(Schema):
    id: int
    intitule: str
    structure_accompagnement: StructureRef
    phase: str
    ouvert_le: datetime.date
    version: int


class CaseOut(CaseSummary):
    motif_cloture: str
    structures: list[StructureRef]
    besoins: list[str] | None = Field(None, description="absent quand votre rôle ne donne pas le diagnostic")
    synthese_diagnostic: str | None = None
    objectifs: str
    budget: Decimal | None
    actions: list[ActionOut]
    points_de_suivi: list[datetime.date]
    suivis: list[CheckpointRef] = Field(
        default_factory=list, description="les points de suivi (`/points-de-suivi/{id}` pour les enregistrer)"
    )


class CasePage(Schema):
    total: int
    page: int
    pages: int
    items: list[CaseSummary]


class CaseIn(Schema):
    model_config = {"extra": "forbid"}

    structure_accompagnement: int = Field(description="numéro de la structure d'accompagnement")
    structures: list[str] = Field(
        min_length=1, max_length=50, description="identifiants (slugs) des structures"
    )
    intitule: str = Field(min_length=1, max_length=200)


class CasePatch(Schema):
    """One step of a case: advance (or close with a reason), record the diagnostic, or the plan."""

    model_config = {"extra": "forbid"}

    etape: Literal["avancer", "diagnostic", "plan"]
    motif_cloture: Literal["completed", "abandoned", "redirected"] | None = None
    besoins: list[str] | None = Field(None, max_length=30)
    synthese: str | None = Field(None, max_length=5000)
    objectifs: str | None = Field(None, max_length=5000)
    budget: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)


def _ref(structure: Structure) -> StructureRef:
    return StructureRef(id=structure.slug, nom=structure.name)


def _summary(case: Case) -> CaseSummary:
    return CaseSummary(
        id=case.pk, intitule=case.title, structure_accompagnement=_ref(case.body.structure), phase=case.phase,
        ouvert_le=case.opened_on, version=case.version,
    )  # fmt: skip


def _out(case: Case, diagnostic: bool) -> CaseOut:
    return CaseOut(
        **_summary(case).model_dump(),
        motif_cloture=case.close_reason,
        structures=[_ref(s) for s in case.beneficiaries.all()],
        besoins=[n.need for n in case.needs.all()] if diagnostic else None,
        synthese_diagnostic=case.diagnostic_summary if diagnostic else None,
        objectifs=case.plan_objectives,
        budget=case.plan_budget,
        actions=[
            ActionOut(
                id=a.pk,
                intitule=a.title,
                debut=a.starts_on,
                fin=a.ends_on,
                jours=a.days,
                cout=a.cost,
                collective=a.collective,
                structures=[s.slug for s in a.structures.all()],
            )
            for a in case.interventions.all()
        ],
        points_de_suivi=[c.due_on for c in case.checkpoints.all()],
        suivis=[
            CheckpointRef(id=c.pk, mois=c.months, prevu_le=c.due_on, fait_le=c.done_on)
            for c in case.checkpoints.all()
        ],
    )


def _case(case_id: int) -> Case | None:
    return (
        Case.objects.select_related("body__structure")
        .prefetch_related("beneficiaries", "needs", "interventions__structures", "checkpoints")
        .filter(pk=case_id)
        .first()
    )


def _errors(error: ValidationError) -> FieldErrorsOut:
    messages = error.message_dict if hasattr(error, "error_dict") else {"dossier": error.messages}
    return FieldErrorsOut(detail="Données invalides : rien n'a été modifié.", erreurs=dict(messages))


@router.get("", auth=accompaniment_read, response={200: CasePage, 401: Error, 403: Error},
            summary="Les dossiers d'accompagnement que vous pouvez consulter")  # fmt: skip
def case_list(request: HttpRequest, params: Query[PageQuery]) -> Status[CasePage]:
    """Return the cases the key's owner may read, the most recently active first."""
    cases = (
        readable_cases(request.user).select_related("body__structure").order_by("-last_activity_at", "-pk")
    )
    paginator = Paginator(cases, PAGE_SIZE)
    page = paginator.get_page(params.page)
    return Status(
        200,
        CasePage(total=paginator.count, page=page.number, pages=paginator.num_pages,
                 items=[_summary(c) for c in page.object_list]),
    )  # fmt: skip


@router.get(
    "/{case_id}",
    auth=accompaniment_read,
    response={200: CaseOut, 401: Error, 403: Error, 404: Error},
    summary="Un dossier d'accompagnement",
    description="L'en-tête `ETag` donne la version du dossier, à renvoyer dans `If-Match` pour le modifier.",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def case_detail(request: HttpRequest, response: HttpResponse, case_id: int) -> Status[CaseOut | Error]:
    """Return a case to those who may read it (a read from outside its body is logged)."""
    case = _case(case_id)
    if case is None:
        return Status(404, Error(detail=f"Dossier inconnu : {case_id}"))
    if not can(request.user, CaseAction.VIEW, case):
        return Status(403, Error(detail=NOT_READER))
    case_read(case=case, user=request.user)
    response["ETag"] = etag(case)
    return Status(200, _out(case, can(request.user, CaseAction.VIEW_DIAGNOSTIC, case)))


@router.post(
    "",
    auth=accompaniment_write,
    response={201: CaseOut, 400: FieldErrorsOut, 401: Error, 403: Error, 404: Error},
    summary="Ouvrir un dossier d'accompagnement",
    description="Sur des structures dont un·e gestionnaire a donné son accord ; vous en serez chargé·e.",
)
def case_create(
    request: HttpRequest, response: HttpResponse, payload: CaseIn
) -> Status[CaseOut | FieldErrorsOut | Error]:
    body = Body.objects.select_related("structure").filter(pk=payload.structure_accompagnement).first()
    if body is None:
        return Status(
            404, Error(detail=f"Structure d'accompagnement inconnue : {payload.structure_accompagnement}")
        )
    structures = list(Structure.objects.filter(slug__in=payload.structures[:50]))
    if len(structures) != len(set(payload.structures)):
        return Status(400, FieldErrorsOut(detail="Données invalides : rien n'a été modifié.",
                                          erreurs={"structures": ["Structure inconnue."]}))  # fmt: skip
    try:
        case = phases.case_open(
            body=body,
            beneficiaries=structures,
            officer=request.user,
            actor=request.user,
            title=payload.intitule,
        )
    except PermissionDenied as error:
        return Status(403, Error(detail=str(error)))
    except ValidationError as error:
        return Status(400, _errors(error))
    found = _case(case.pk)
    assert found is not None  # noqa: S101 (just created, in this request)
    response["ETag"] = etag(found)
    return Status(201, _out(found, True))


def _step(case: Case, actor: object, expected: int, payload: CasePatch) -> None:
    if payload.etape == "avancer":
        phases.case_advance(
            case=case, actor=actor, expected_version=expected, close_reason=payload.motif_cloture or ""
        )
    elif payload.etape == "diagnostic":
        phases.case_diagnose(
            case=case, actor=actor, expected_version=expected, needs=dict.fromkeys(payload.besoins or [], ""),
            summary=payload.synthese or "",
        )  # fmt: skip
    else:
        phases.case_plan(
            case=case, actor=actor, expected_version=expected, objectives=payload.objectifs or "",
            budget=payload.budget, scheme_ids=[],
        )  # fmt: skip


@router.patch(
    "/{case_id}",
    auth=accompaniment_write,
    response={200: CaseOut, 400: FieldErrorsOut, 401: Error, 403: Error, 404: Error, 412: Error, 428: Error},
    summary="Faire avancer un dossier d'accompagnement",
    description=(
        "Une étape : `avancer` (avec `motif_cloture` pour clore), `diagnostic` (`besoins`, `synthese`) ou "
        "`plan` (`objectifs`, `budget`). L'en-tête `If-Match` est obligatoire (428 sans lui) ; si le "
        "dossier a changé depuis votre lecture, 412 avec l'`ETag` actuel."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": KEYED},
)
def case_patch(
    request: HttpRequest, response: HttpResponse, case_id: int, payload: CasePatch
) -> Status[CaseOut | FieldErrorsOut | Error]:
    case = _case(case_id)
    if case is None:
        return Status(404, Error(detail=f"Dossier inconnu : {case_id}"))
    if not can(request.user, CaseAction.EDIT, case):
        return Status(403, Error(detail=NOT_OFFICER))
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return Status(428, Error(detail=IF_MATCH_MISSING))
    try:
        expected = matched_version(if_match, case)
        if expected is None:
            raise StaleWriteError(current=case, expected_version=None)
        _step(case, request.user, expected, payload)
    except StaleWriteError:
        current = Case.objects.filter(pk=case.pk).first()
        if current is not None:
            response["ETag"] = etag(current)
        return Status(412, Error(detail=IF_MATCH_STALE))
    except ValidationError as error:
        return Status(400, _errors(error))
    found = _case(case.pk)
    assert found is not None  # noqa: S101
    response["ETag"] = etag(found)
    return Status(200, _out(found, True))


# The later phases' operations register on this router (a module of their own, for its length).
from maillage.api import accompaniment_steps  # noqa: E402, F401
