"""GET /api/v1/appels: calls and their report (public); applications and reviews (`appels:read` key)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from maillage.api.auth import ApiTokenAuth
from maillage.api.schemas import Error
from maillage.api.versions import ETAG_HEADER, etag
from maillage.calls import rules
from maillage.calls.enums import ApplicationState
from maillage.calls.exports import public_report
from maillage.calls.models import Application, Call, Score
from maillage.calls.scores import ApplicationScores, rounded, score_table
from maillage.calls.selectors import application_for_page, call_for_page, published_calls
from maillage.memberships.rules import can
from maillage.search.params import id_or_none

router = Router(tags=["appels à projets"])
calls_read = ApiTokenAuth("appels:read")
PAGE_SIZE = 100


class CriterionOut(Schema):
    id: int = Field(description="À donner comme `critere` d'une note (`PUT …/evaluation`).")
    libelle: str
    poids: int
    note_maximale: int


class QuestionOut(Schema):
    cle: str
    libelle: str
    type: str
    obligatoire: bool
    longueur_maximale: int | None
    minimum: int | None
    maximum: int | None
    choix: list[str]


class CallOut(Schema):
    id: str
    titre: str
    organisateurs: list[str]
    territoire: str | None
    ouverture: datetime.datetime
    cloture: datetime.datetime
    fin_evaluation: datetime.date
    decision: datetime.date
    anonyme: bool
    candidatures_deposees: int | None = None
    url: str


class CallDetail(CallOut):
    presentation: str
    criteres: list[CriterionOut]
    questions: list[QuestionOut]
    decisions_rendues_le: datetime.datetime | None


class CountOut(Schema):
    categorie: str
    candidatures: int | None = Field(description="null : masqué par le secret statistique")
    retenues: int | None


class ReportOut(Schema):
    appel: str
    retenus_total: int
    tableaux: dict[str, list[CountOut]]
    retenus_cites: list[dict[str, str]]


class ApplicationOut(Schema):
    id: int
    appel: str
    structure: str | None = Field(description="null pour un évaluateur d'un appel anonyme")
    titre: str
    etat: str
    depose_le: datetime.datetime | None
    accuse_de_reception: str
    empreinte_sha256: str
    reponses: dict[str, Any]
    decision: str | None = Field(description="connue des candidats une fois les décisions rendues")
    motivation: str | None
    note_moyenne_sur_20: Decimal | None = None
    ecart: Decimal | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": 42, "appel": "poles-culturels", "structure": "compagnie-du-vent",
                    "titre": "Pôle de coopération", "etat": "submitted",
                    "depose_le": "2026-03-02T10:15:00+01:00", "accuse_de_reception": "AAP-42-3F9A",
                    "empreinte_sha256": "3f9a…", "reponses": {"q1": "Un projet coopératif.", "q2": 4},
                    "decision": None, "motivation": None,
                }
            ]
        }
    }  # fmt: skip


class ApplicationPage(Schema):
    total: int
    page: int
    pages: int
    candidatures: list[ApplicationOut]


class ScoreOut(Schema):
    evaluation: int
    critere: str
    note: int
    commentaire: str


def _call_out(request: HttpRequest, call: Call, count: int | None = None) -> dict[str, Any]:
    return {
        "id": call.slug,
        "titre": call.title,
        "organisateurs": [o.slug for o in call.organisers.all()],
        "territoire": call.territory_id,
        "ouverture": call.opens_at,
        "cloture": call.closes_at,
        "fin_evaluation": call.review_until,
        "decision": call.decision_on,
        "anonyme": call.anonymised,
        "candidatures_deposees": count,
        "url": request.build_absolute_uri(call.get_absolute_url()),
    }


@router.get("", response=list[CallOut], summary="Les appels à projets publiés")
def call_list(request: HttpRequest) -> list[CallOut]:
    """Return every published call, latest closing first."""
    return [CallOut(**_call_out(request, call, call.submitted)) for call in published_calls()]  # type: ignore[attr-defined]


def _public_call(slug: str) -> Call | None:
    call = call_for_page(slug[:120])
    return call if call is not None and can(None, rules.VIEW, call) else None


@router.get("/{slug}", response={200: CallDetail, 404: Error}, summary="Un appel à projets")
def call_detail(request: HttpRequest, slug: str) -> Status[CallDetail | Error]:
    call = _public_call(slug)
    if call is None:
        return Status(404, Error(detail="Appel inconnu."))
    return Status(
        200,
        CallDetail(
            **_call_out(request, call),
            presentation=call.summary,
            criteres=[
                CriterionOut(id=c.pk, libelle=c.label, poids=c.weight, note_maximale=c.max_score)
                for c in call.criteria.all()
            ],
            questions=[
                QuestionOut(
                    cle=q.key,
                    libelle=q.label,
                    type=q.kind,
                    obligatoire=q.required,
                    longueur_maximale=q.max_length,
                    minimum=q.min_value,
                    maximum=q.max_value,
                    choix=q.choices,
                )
                for q in call.questions.all()
            ],
            decisions_rendues_le=call.decisions_published_at,
        ),
    )


@router.get(
    "/{slug}/compte-rendu",
    response={200: ReportOut, 404: Error},
    summary="Le compte rendu public d'un appel (secret statistique sous 5)",
)
def call_report(request: HttpRequest, slug: str) -> Status[ReportOut | Error]:
    call = _public_call(slug)
    if call is None or call.decisions_published_at is None:
        return Status(404, Error(detail="Pas de compte rendu : les décisions ne sont pas encore rendues."))
    report = public_report(call)
    return Status(
        200,
        ReportOut(
            appel=call.slug,
            retenus_total=report.selected_total,
            tableaux={
                t.title: [CountOut(categorie=label, candidatures=a, retenues=s) for label, a, s in t.rows]
                for t in report.tables
            },
            retenus_cites=[{"titre": a.title, "structure": a.structure.slug} for a in report.selected],
        ),
    )


def _application_out(user: Any, application: Application, scores: ApplicationScores | None) -> ApplicationOut:
    call = application.call
    deliberates = can(user, rules.DECIDE, application)
    hidden = call.anonymised and not (deliberates or can(user, rules.EDIT, application))
    known = deliberates or call.decisions_published_at is not None
    return ApplicationOut(
        id=application.pk,
        appel=call.slug,
        structure=None if hidden else application.structure.slug,
        titre=application.title,
        etat=application.state,
        depose_le=application.submitted_at,
        accuse_de_reception=application.receipt,
        empreinte_sha256=application.content_hash,
        reponses=application.answers,
        decision=application.decision if known else None,
        motivation=application.justification if known else None,
        note_moyenne_sur_20=rounded(scores.mean) if scores and deliberates else None,
        ecart=rounded(scores.spread) if scores and deliberates else None,
    )


@router.get(
    "/{slug}/candidatures",
    auth=calls_read,
    response={200: ApplicationPage, 401: Error, 403: Error, 404: Error},
    summary="Les candidatures d'un appel, leurs notes et décisions (comité)",
    description="Pour le président du comité et les organisateurs (jeton de portée `appels:read`).",
)
def application_list(request: HttpRequest, slug: str, page: int = 1) -> Status[ApplicationPage | Error]:
    call = call_for_page(slug[:120])
    if call is None:
        return Status(404, Error(detail="Appel inconnu."))
    if not can(request.user, rules.DELIBERATE, call):
        return Status(403, Error(detail="Réservé au président du comité et aux organisateurs de l'appel."))
    table = score_table(call)
    applications = (
        Application.objects.filter(call=call)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("structure")
    )
    paginator = Paginator(applications.order_by("pk"), PAGE_SIZE)
    current = paginator.get_page(page)
    for application in current.object_list:
        application.call = call  # the rules' memory of the person's roles lives on this one instance
    return Status(
        200,
        ApplicationPage(
            total=paginator.count,
            page=current.number,
            pages=paginator.num_pages,
            candidatures=[_application_out(request.user, a, table.get(a.pk)) for a in current.object_list],
        ),
    )


def _application(request: HttpRequest, application_id: str) -> tuple[Application | None, int, str]:
    """Return the application the person may see, or None with the status and the reason."""
    number = id_or_none(application_id)
    application = application_for_page(number) if number is not None else None
    if application is None:
        return None, 404, "Candidature inconnue."
    if not can(request.user, rules.VIEW, application):
        return None, 403, "Pas d'accès à cette candidature (ou conflit d'intérêts)."
    return application, 200, ""


@router.get(
    "/candidatures/{application_id}",
    auth=calls_read,
    response={200: ApplicationOut, 401: Error, 403: Error, 404: Error},
    summary="Une candidature déposée, avec son accusé de réception",
    description=(
        "Pour ses gestionnaires, ses évaluateurs hors conflit d'intérêts et le comité (`appels:read`). "
        "Son `ETag` sert aux écritures (`appels:write`, en-tête `If-Match`)."
    ),
    openapi_extra={"responses": {200: {"headers": {"ETag": ETAG_HEADER}}}},
)
def application_detail(
    request: HttpRequest, response: HttpResponse, application_id: str
) -> Status[ApplicationOut | Error]:
    found, status, reason = _application(request, application_id)
    if found is None:
        return Status(status, Error(detail=reason))
    response["ETag"] = etag(found)  # for the writes (`appels:write`): If-Match
    scores = score_table(found.call).get(found.pk)
    return Status(200, _application_out(request.user, found, scores))


@router.get(
    "/candidatures/{application_id}/evaluations",
    auth=calls_read,
    response={200: list[ScoreOut], 401: Error, 403: Error, 404: Error},
    summary="Les notes et commentaires d'une candidature (comité)",
    description="Confidentiels : pour le président du comité et les organisateurs (`appels:read`).",
)
def application_reviews(request: HttpRequest, application_id: str) -> Status[list[ScoreOut] | Error]:
    found, status, reason = _application(request, application_id)
    if found is None:
        return Status(status, Error(detail=reason))
    if not can(request.user, rules.DECIDE, found):
        return Status(403, Error(detail="Les évaluations sont réservées au comité."))
    scores = Score.objects.filter(assignment__application=found, assignment__withdrawn_at__isnull=True)
    return Status(
        200,
        [
            ScoreOut(
                evaluation=s.assignment_id, critere=s.criterion.label, note=s.value, commentaire=s.comment
            )
            for s in scores.select_related("criterion").order_by("assignment_id", "criterion__position")
        ],
    )
