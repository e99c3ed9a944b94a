"""POST an action to a case, GET and PATCH a follow-up checkpoint: the API of a case's later phases.

Registered on the accompaniment router (`maillage.api.accompaniment` imports this module). Every write is
conditional: an action is added against the case's `ETag`, a checkpoint recorded against its own; without
`If-Match` 428, with a stale one 412 and the current `ETag`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from maillage.accompaniment import phases
from maillage.accompaniment.enums import CaseAction
from maillage.accompaniment.models import Case, Checkpoint
from maillage.api.accompaniment import (
    IF_MATCH_PARAMETER,
    KEYED,
    NOT_OFFICER,
    NOT_READER,
    ActionOut,
    _case,
    _errors,
    router,
)
from maillage.api.auth import accompaniment_read, accompaniment_write
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FieldErrorsOut
from maillage.api.versions import IF_MATCH_MISSING, IF_MATCH_STALE, etag, matched_version
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can

ACTION_EXAMPLE: dict[str, Any] = {
    "intitule": "Appui à la gouvernance",
    "debut": "2026-03-02",
    "fin": "2026-03-20",
    "jours": "3.0",
    "cout": "1500.00",
    "structures": ["compagnie-exemple"],
    "prestataire_courriel": "conseil@example.org",
    "prestataire_nom": "Cabinet Exemple",
    "livrables": "Compte rendu d'atelier",
}
ACTION_CREATED_EXAMPLE: dict[str, Any] = {
    "id": 7,
    **{k: v for k, v in ACTION_EXAMPLE.items() if not k.startswith(("prestataire", "livrables"))},
    "collective": False,
}
CHECKPOINT_EXAMPLE: dict[str, Any] = {
    "id": 12,
    "mois": 12,
    "prevu_le": "2027-03-01",
    "fait_le": "2027-03-04",
    "constat": "Nouveau bureau élu, trésorerie rétablie.",
    "version": 2,
}
NO_KEY = "Une clé de l'API avec la portée « accompagnements:write » est nécessaire."


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"example": ACTION_EXAMPLE})

    intitule: str = Field(min_length=1, max_length=200)
    debut: datetime.date
    fin: datetime.date
    jours: Decimal = Field(ge=0, max_digits=6, decimal_places=1)
    cout: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    structures: list[str] = Field(min_length=1, max_length=50, description="slugs de structures du dossier")
    prestataire_courriel: str = Field("", max_length=254, description="compte du prestataire, s'il en a un")
    prestataire_nom: str = Field("", max_length=200)
    livrables: str = Field("", max_length=5000)


class ActionCreated(ActionOut):
    model_config = ConfigDict(json_schema_extra={"example": ACTION_CREATED_EXAMPLE})


class CheckpointOut(Schema):
    model_config = ConfigDict(json_schema_extra={"example": CHECKPOINT_EXAMPLE})

    id: int
    mois: int
    prevu_le: datetime.date
    fait_le: datetime.date | None
    constat: str | None = Field(None, description="absent quand votre rôle ne donne pas le diagnostic")
    version: int


class SituationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    structure: str = Field(max_length=200, description="slug d'une structure du dossier")
    emplois: Decimal | None = Field(None, ge=0, max_digits=8, decimal_places=1, description="en ETP")
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2, description="en euros")


class CheckpointPatch(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "constat": "Nouveau bureau élu, trésorerie rétablie.",
                "fait_le": "2027-03-04",
                "situations": [{"structure": "compagnie-exemple", "emplois": "2.5", "budget": "180000.00"}],
            }
        },
    )

    constat: str = Field("", max_length=5000)
    fait_le: datetime.date | None = None
    situations: list[SituationIn] = Field(default_factory=list, max_length=50)


def _checkpoint_out(checkpoint: Checkpoint, diagnostic: bool) -> CheckpointOut:
    return CheckpointOut(
        id=checkpoint.pk, mois=checkpoint.months, prevu_le=checkpoint.due_on, fait_le=checkpoint.done_on,
        constat=checkpoint.note if diagnostic else None, version=checkpoint.version,
    )  # fmt: skip


def _stale(response: HttpResponse, current: Case | Checkpoint | None) -> Status[Any]:
    if current is not None:
        response["ETag"] = etag(current)
    return Status(412, Error(detail=IF_MATCH_STALE))


@router.post(
    "/{case_id}/actions",
    auth=accompaniment_write,
    response={
        201: ActionCreated,
        400: FieldErrorsOut,
        401: Error,
        403: Error,
        404: Error,
        412: Error,
        428: Error,
    },
    summary="Ajouter une action au plan d'un dossier",
    description=(
        "En phase de plan ou d'actions. `If-Match` : l'`ETag` du dossier (`GET /api/v1/accompagnements/"
        "{case_id}`), obligatoire (428 sans lui) ; 412 et l'`ETag` actuel si le dossier a changé. La "
        "réponse porte le nouvel `ETag` du dossier. Plusieurs structures : une action collective."
    ),
    openapi_extra={
        "parameters": [IF_MATCH_PARAMETER],
        "responses": {201: KEYED[200], 412: KEYED[412]},
    },
)
def action_create(
    request: HttpRequest, response: HttpResponse, case_id: int, payload: ActionIn
) -> Status[ActionCreated | FieldErrorsOut | Error]:
    """Add an action for some of the case's structures, with its consultant."""
    case = _case(case_id)
    if case is None:
        return Status(404, Error(detail=f"Dossier inconnu : {case_id}"))
    if not can(request.user, CaseAction.EDIT, case):
        return Status(403, Error(detail=NOT_OFFICER))
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return Status(428, Error(detail=IF_MATCH_MISSING))
    chosen = [s for s in case.beneficiaries.all() if s.slug in set(payload.structures)]
    consultant = None
    if payload.prestataire_courriel:
        consultant = (
            get_user_model()
            .objects.filter(email__iexact=payload.prestataire_courriel, is_active=True)
            .first()
        )
        if consultant is None:
            return Status(
                400,
                _errors(ValidationError({"prestataire_courriel": "Aucun compte actif avec ce courriel."})),
            )
    if len(chosen) != len(set(payload.structures)):
        return Status(400, _errors(ValidationError({"structures": "Structure étrangère au dossier."})))
    try:
        expected = matched_version(if_match, case)
        if expected is None:
            raise StaleWriteError(current=case, expected_version=None)
        action = phases.action_add(
            case=case, actor=request.user, expected_version=expected, title=payload.intitule,
            starts_on=payload.debut, ends_on=payload.fin, days=payload.jours, cost=payload.cout,
            structures=chosen, consultant=consultant, consultant_name=payload.prestataire_nom,
            deliverables=payload.livrables,
        )  # fmt: skip
    except StaleWriteError:
        return _stale(response, Case.objects.filter(pk=case.pk).first())
    except ValidationError as error:
        return Status(400, _errors(error))
    response["ETag"] = etag(Case.objects.only("pk", "version").get(pk=case.pk))
    return Status(
        201,
        ActionCreated(
            id=action.pk, intitule=action.title, debut=action.starts_on, fin=action.ends_on,
            jours=action.days, cout=action.cost, collective=action.collective,
            structures=[s.slug for s in chosen],
        ),
    )  # fmt: skip


def _checkpoint(checkpoint_id: int) -> Checkpoint | None:
    return Checkpoint.objects.select_related("case").filter(pk=checkpoint_id).first()


@router.get(
    "/points-de-suivi/{checkpoint_id}",
    auth=accompaniment_read,
    response={200: CheckpointOut, 401: Error, 403: Error, 404: Error},
    summary="Un point de suivi",
    description="L'en-tête `ETag` donne la version du point, à renvoyer dans `If-Match` pour l'enregistrer.",
    openapi_extra={"responses": {200: KEYED[200]}},
)
def checkpoint_detail(
    request: HttpRequest, response: HttpResponse, checkpoint_id: int
) -> Status[CheckpointOut | Error]:
    checkpoint = _checkpoint(checkpoint_id)
    if checkpoint is None:
        return Status(404, Error(detail=f"Point de suivi inconnu : {checkpoint_id}"))
    if not can(request.user, CaseAction.VIEW, checkpoint.case):
        return Status(403, Error(detail=NOT_READER))
    response["ETag"] = etag(checkpoint)
    return Status(
        200, _checkpoint_out(checkpoint, can(request.user, CaseAction.VIEW_DIAGNOSTIC, checkpoint.case))
    )


@router.patch(
    "/points-de-suivi/{checkpoint_id}",
    auth=accompaniment_write,
    response={
        200: CheckpointOut,
        400: FieldErrorsOut,
        401: Error,
        403: Error,
        404: Error,
        412: Error,
        428: Error,
    },
    summary="Enregistrer un point de suivi",
    description=(
        "En phase de suivi : le constat et, pour des structures du dossier, les emplois et le budget à cette "
        "date. `If-Match` : l'`ETag` du point (`GET /api/v1/accompagnements/points-de-suivi/"
        "{checkpoint_id}`), obligatoire (428 sans lui) ; 412 et l'`ETag` actuel s'il a changé."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": {200: KEYED[200], 412: KEYED[412]}},
)
def checkpoint_patch(
    request: HttpRequest, response: HttpResponse, checkpoint_id: int, payload: CheckpointPatch
) -> Status[CheckpointOut | FieldErrorsOut | Error]:
    """Record a follow-up checkpoint: what changed and the structures' situation then."""
    checkpoint = _checkpoint(checkpoint_id)
    if checkpoint is None:
        return Status(404, Error(detail=f"Point de suivi inconnu : {checkpoint_id}"))
    if not can(request.user, CaseAction.EDIT, checkpoint.case):
        return Status(403, Error(detail=NOT_OFFICER))
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return Status(428, Error(detail=IF_MATCH_MISSING))
    slugs = dict(checkpoint.case.beneficiaries.values_list("slug", "pk"))
    unknown = sorted({s.structure for s in payload.situations} - set(slugs))
    if unknown:
        return Status(
            400, _errors(ValidationError({"situations": f"Structure étrangère au dossier : {unknown[0]}."}))
        )
    figures = {slugs[s.structure]: (s.emplois, s.budget) for s in payload.situations}
    try:
        expected = matched_version(if_match, checkpoint)
        if expected is None:
            raise StaleWriteError(current=checkpoint, expected_version=None)
        checkpoint = phases.checkpoint_record(
            checkpoint=checkpoint, actor=request.user, expected_version=expected, note=payload.constat,
            figures=figures, on=payload.fait_le,
        )  # fmt: skip
    except StaleWriteError:
        return _stale(response, Checkpoint.objects.filter(pk=checkpoint.pk).first())
    except ValidationError as error:
        return Status(400, _errors(error))
    response["ETag"] = etag(checkpoint)
    return Status(200, _checkpoint_out(checkpoint, True))
