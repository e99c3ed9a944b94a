"""Writes of the calls' API (`appels:write` key): apply (draft, edit, submit) and review, with If-Match.

Added to the calls' router: ninja serves a path from one router, and these share the reads' paths. The
same services and rules as the pages: a structure's managers apply in its name; an assigned reviewer in
no conflict of interest scores. A conflict answers 403 with its reason, as the pages do.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.responses import Status
from pydantic import Field

from maillage.api.auth import ApiTokenAuth
from maillage.api.calls import ApplicationOut, _application_out, router
from maillage.api.conditional import ETAG_RESPONSES, IF_MATCH_PARAMETER, WRITE_RESPONSES, conditional_write
from maillage.api.conditional import field_errors as _field_errors
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FieldErrorsOut
from maillage.api.versions import ETAG_HEADER, etag
from maillage.calls import rules
from maillage.calls.conflicts import reviewer_conflicts
from maillage.calls.models import Application, Assignment
from maillage.calls.reviewing import review_submit
from maillage.calls.selectors import application_for_page, call_for_page
from maillage.calls.services import application_create, application_submit, application_update
from maillage.memberships.rules import can
from maillage.search.params import id_or_none
from maillage.structures.models import Structure

calls_write = ApiTokenAuth("appels:write")
ERROR_FIELDS = {
    "title": "titre",
    "answers": "reponses",
    "consent_publication": "consentement_publication",
    "__all__": "candidature",
}
NOT_MANAGER = "Seuls les gestionnaires de la structure candidate modifient ou déposent sa candidature."
ETAG_CREATED = {201: {"headers": {"ETag": ETAG_HEADER}}}


class ApplicationIn(Schema):
    structure: str = Field(description="Identifiant (slug) de la structure candidate, que vous gérez.")
    titre: str = Field("", description="Titre du projet ; par défaut le nom de la structure.")

    model_config = {"json_schema_extra": {"examples": [{"structure": "compagnie-du-vent", "titre": "Pôle"}]}}


class ApplicationPatch(Schema):
    titre: str | None = None
    reponses: dict[str, Any] | None = Field(
        None, description="Réponses par clé de question (voir `questions` de l'appel) ; incomplètes admises."
    )
    consentement_publication: bool | None = Field(
        None, description="Accord pour figurer nommément au compte rendu public si le projet est retenu."
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"titre": "Pôle de coopération", "reponses": {"q1": "Un projet coopératif.", "q2": "4"}}
            ]
        }
    }


class ScoreIn(Schema):
    critere: int = Field(description="Identifiant du critère (`criteres[].id` de l'appel).")
    note: int = Field(ge=0, description="Note entière, de 0 à la note maximale du critère.")
    commentaire: str = Field("", max_length=3000)


class ReviewIn(Schema):
    notes: list[ScoreIn] = Field(description="Une note par critère de l'appel.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "notes": [
                        {"critere": 12, "note": 8, "commentaire": "Ancrage solide."},
                        {"critere": 13, "note": 6, "commentaire": ""},
                    ]
                }
            ]
        }
    }


class ScoreGiven(Schema):
    critere: int
    libelle: str
    note_maximale: int
    note: int | None
    commentaire: str


class ReviewOut(Schema):
    evaluation: int
    candidature: int
    rendue_le: datetime.datetime | None
    notes: list[ScoreGiven]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "evaluation": 7, "candidature": 42, "rendue_le": "2026-04-10T18:02:00+02:00",
                    "notes": [{"critere": 12, "libelle": "Ancrage territorial", "note_maximale": 10,
                               "note": 8, "commentaire": "Ancrage solide."}],
                }
            ]
        }
    }  # fmt: skip


def _found(application_id: str) -> Application | Status[Error]:
    number = id_or_none(application_id)
    application = application_for_page(number) if number is not None else None
    return application if application is not None else Status(404, Error(detail="Candidature inconnue."))


def _score_errors(error: ValidationError) -> dict[str, list[str]]:
    """Report the review's errors per criterion, under the body's names (`notes.<critere>`)."""
    named = _field_errors({"__all__": "evaluation"})(error)
    return {key.replace("score_", "notes.", 1): messages for key, messages in named.items()}


def _out(request: HttpRequest, response: HttpResponse, application: Application) -> ApplicationOut:
    response["ETag"] = etag(application)
    return _application_out(request.user, application, None)


@router.post(
    "/{slug}/candidatures",
    auth=calls_write,
    response={201: ApplicationOut, 400: FieldErrorsOut, 401: Error, 403: Error, 404: Error},
    summary="Ouvrir une candidature (brouillon pré-rempli depuis l'annuaire)",
    description=(
        "Pour un gestionnaire de la structure candidate (jeton de portée `appels:write`), pendant les dates "
        "de l'appel et si la structure est éligible (sinon 400 avec l'explication). Répond l'`ETag` "
        "du brouillon."
    ),
    openapi_extra={"responses": ETAG_CREATED},
)
def application_open(
    request: HttpRequest, response: HttpResponse, slug: str, payload: ApplicationIn
) -> Status[Any]:
    call = call_for_page(slug[:120])
    if call is None or not can(request.user, rules.VIEW, call):
        return Status(404, Error(detail="Appel inconnu."))
    structure = Structure.objects.filter(slug=payload.structure[:200], withdrawn_at__isnull=True).first()
    if structure is None:
        return Status(404, Error(detail=f"Structure inconnue : {payload.structure[:60]}"))
    try:
        application = application_create(
            actor=request.user, call=call, structure=structure, title=payload.titre
        )
    except PermissionDenied as error:
        return Status(403, Error(detail=str(error)))
    except ValidationError as error:
        return Status(
            400, FieldErrorsOut(detail="Candidature refusée.", erreurs=_field_errors(ERROR_FIELDS)(error))
        )
    return Status(201, _out(request, response, application_for_page(application.pk)))  # type: ignore[arg-type]


@router.patch(
    "/candidatures/{application_id}",
    auth=calls_write,
    response={200: ApplicationOut, **WRITE_RESPONSES},
    summary="Modifier le brouillon d'une candidature",
    description=(
        "Titre, réponses (vérifiées, incomplètes admises) et consentement, pour un gestionnaire de la "
        "structure (`appels:write`). `If-Match` obligatoire (428 sans lui, 412 si la candidature a changé "
        "depuis votre lecture) ; une candidature déposée est figée (400)."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": ETAG_RESPONSES},
)
def application_patch(
    request: HttpRequest, response: HttpResponse, application_id: str, payload: ApplicationPatch
) -> Status[Any]:
    application = _found(application_id)
    if isinstance(application, Status):
        return application
    if not can(request.user, rules.EDIT, application):
        return Status(403, Error(detail=NOT_MANAGER))
    given = payload.model_dump(exclude_unset=True)
    written = conditional_write(
        request,
        response,
        application,
        write=lambda version: application_update(
            actor=request.user,
            application=application,
            expected_version=version,
            title=given.get("titre"),
            answers=given.get("reponses"),
            consent_publication=given.get("consentement_publication"),
        ),
        reload=lambda: Application.objects.filter(pk=application.pk).first(),
        errors=_field_errors(ERROR_FIELDS),
    )
    if isinstance(written, Status):
        return written
    return Status(200, _out(request, response, application_for_page(application.pk)))  # type: ignore[arg-type]


@router.post(
    "/candidatures/{application_id}/depot",
    auth=calls_write,
    response={200: ApplicationOut, **WRITE_RESPONSES},
    summary="Déposer une candidature : figée, avec accusé de réception et empreinte",
    description=(
        "Pour un gestionnaire de la structure (`appels:write`), avant la clôture : chaque réponse "
        "obligatoire donnée (400 sinon, par question), l'annuaire relu, le contenu figé. `If-Match` "
        "obligatoire (428, 412)."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": ETAG_RESPONSES},
)
def application_deposit(request: HttpRequest, response: HttpResponse, application_id: str) -> Status[Any]:
    application = _found(application_id)
    if isinstance(application, Status):
        return application
    if not can(request.user, rules.EDIT, application):
        return Status(403, Error(detail=NOT_MANAGER))
    written = conditional_write(
        request,
        response,
        application,
        write=lambda version: application_submit(
            actor=request.user, application=application, expected_version=version
        ),
        reload=lambda: Application.objects.filter(pk=application.pk).first(),
        errors=_field_errors(ERROR_FIELDS),
    )
    if isinstance(written, Status):
        return written
    return Status(200, _out(request, response, application_for_page(application.pk)))  # type: ignore[arg-type]


def _assignment(request: HttpRequest, application: Application) -> Assignment | Status[Error]:
    """Return the person's live assignment on the application, or the 403 naming the conflict."""
    reasons = reviewer_conflicts(request.user, application)
    if reasons:
        return Status(403, Error(detail=f"Conflit d'intérêts : {' '.join(reasons)}"))
    assignment = Assignment.objects.filter(
        application=application, reviewer_id=request.user.pk, withdrawn_at__isnull=True
    ).first()
    if assignment is None or not can(request.user, rules.REVIEW, application):
        return Status(403, Error(detail="Cette évaluation ne vous est pas confiée."))
    return assignment


def _review_out(response: HttpResponse, assignment: Assignment) -> ReviewOut:
    response["ETag"] = etag(assignment)
    given = {s.criterion_id: s for s in assignment.scores.all()}
    return ReviewOut(
        evaluation=assignment.pk,
        candidature=assignment.application_id,
        rendue_le=assignment.submitted_at,
        notes=[
            ScoreGiven(
                critere=c.pk,
                libelle=c.label,
                note_maximale=c.max_score,
                note=given[c.pk].value if c.pk in given else None,
                commentaire=given[c.pk].comment if c.pk in given else "",
            )
            for c in assignment.application.call.criteria.all()
        ],
    )


@router.get(
    "/candidatures/{application_id}/evaluation",
    auth=calls_write,
    response={200: ReviewOut, 401: Error, 403: Error, 404: Error},
    summary="Son évaluation d'une candidature (évaluateur), avec son ETag",
    description="Pour l'évaluateur à qui elle est confiée, hors conflit d'intérêts (`appels:write`).",
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def review_detail(request: HttpRequest, response: HttpResponse, application_id: str) -> Status[Any]:
    application = _found(application_id)
    if isinstance(application, Status):
        return application
    assignment = _assignment(request, application)
    if isinstance(assignment, Status):
        return assignment
    return Status(200, _review_out(response, assignment))


@router.put(
    "/candidatures/{application_id}/evaluation",
    auth=calls_write,
    response={200: ReviewOut, **WRITE_RESPONSES},
    summary="Rendre (ou réviser) son évaluation : une note et un commentaire par critère",
    description=(
        "Pour l'évaluateur à qui la candidature est confiée (`appels:write`) ; un conflit d'intérêts, "
        "tiré du graphe ou déclaré, répond 403 avec sa raison. Notes confidentielles au comité. `If-Match` "
        "obligatoire : l'ETag de l'évaluation (428, 412)."
    ),
    openapi_extra={"parameters": [IF_MATCH_PARAMETER], "responses": ETAG_RESPONSES},
)
def review_put(
    request: HttpRequest, response: HttpResponse, application_id: str, payload: ReviewIn
) -> Status[Any]:
    application = _found(application_id)
    if isinstance(application, Status):
        return application
    assignment = _assignment(request, application)
    if isinstance(assignment, Status):
        return assignment
    scores = {s.critere: (str(s.note), s.commentaire) for s in payload.notes}
    written = conditional_write(
        request,
        response,
        assignment,
        write=lambda version: review_submit(
            actor=request.user, assignment=assignment, expected_version=version, scores=scores
        ),
        reload=lambda: Assignment.objects.filter(pk=assignment.pk).first(),
        errors=_score_errors,
    )
    if isinstance(written, Status):
        return written
    fresh = Assignment.objects.select_related("application__call").get(pk=assignment.pk)
    return Status(200, _review_out(response, fresh))
