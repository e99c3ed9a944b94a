"""Pages of a case: read it (reads from outside the body logged), move it through its phases, share it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.accompaniment import phases
from maillage.accompaniment.attachments import visible_attachments
from maillage.accompaniment.enums import CaseAction, Phase
from maillage.accompaniment.models import Attachment, Case, Checkpoint, Intervention, Share
from maillage.accompaniment.selectors import case_get
from maillage.accompaniment.sharing import case_read, case_share, share_revoke
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.schemes.matching import match_structure
from maillage.www.accompaniment import forms

# Each step of a case: its form, the phases it is offered in.
STEPS: dict[str, tuple[type[forms.VersionForm], tuple[Phase, ...]]] = {
    "avancer": (forms.AdvanceForm, tuple(p for p in Phase if p != Phase.CLOSED)),
    "diagnostic": (forms.DiagnosticForm, (Phase.DIAGNOSTIC,)),
    "plan": (forms.PlanForm, (Phase.PLAN,)),
    "action": (forms.ActionForm, (Phase.PLAN, Phase.ACTIONS)),
}


def _case_or_404(pk: int) -> Case:
    try:
        return case_get(pk)
    except Case.DoesNotExist as error:
        raise Http404("Accompagnement inconnu.") from error


def _scheme_choices(case: Case) -> list[tuple[int, str]]:
    """Return the schemes the matching proposes for the case's beneficiaries (ten each at most)."""
    found: dict[int, str] = {}
    for structure in case.beneficiaries.all()[:5]:
        for match in match_structure(structure, limit=10).matches:
            found.setdefault(match.scheme.pk, match.scheme.title)
    return list(found.items())


def _step_form(step: str, case: Case, data: Any = None) -> forms.VersionForm:
    form_class, _ = STEPS[step]
    kwargs: dict[str, Any] = {}
    if step == "plan":
        kwargs["schemes"] = _scheme_choices(case)
    if step == "action":
        kwargs["structures"] = [(s.pk, s.name) for s in case.beneficiaries.all()]
    return form_class(data, initial={"version": case.version}, prefix=step, **kwargs)


@login_required
def case_detail(
    request: HttpRequest, pk: int, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """Render a case to those who may read it; a read from outside its body is logged."""
    case = _case_or_404(pk)
    if not can(request.user, CaseAction.VIEW, case):
        raise PermissionDenied("Ce dossier d'accompagnement est confidentiel.")
    if status == 200:
        case_read(case=case, user=request.user)
    editable = can(request.user, CaseAction.EDIT, case)
    step_forms: dict[str, Any] = {}
    if editable and not case.is_closed:
        for step, (_, allowed) in STEPS.items():
            if case.phase in allowed:
                step_forms[step] = (bound or {}).get(step) or _step_form(step, case)
        step_forms["share"] = (bound or {}).get("share") or forms.ShareForm(
            exclude=case.body_id, prefix="share"
        )
    checkpoint_forms: list[dict[str, Any]] = []
    if editable and case.phase == Phase.FOLLOW_UP:
        for checkpoint in case.checkpoints.all():
            if checkpoint.done_on is None:
                form = (bound or {}).get(f"point-{checkpoint.pk}") or forms.CheckpointForm(
                    initial={"version": checkpoint.version}, prefix=f"point-{checkpoint.pk}"
                )
                title = f"Point de suivi à {checkpoint.months} mois"
                checkpoint_forms.append(
                    {"checkpoint": checkpoint, "form": form, "step": f"point-{checkpoint.pk}", "title": title}
                )
    context = {
        "case": case,
        "editable": editable,
        "sees_diagnostic": can(request.user, CaseAction.VIEW_DIAGNOSTIC, case),
        "forms": step_forms,
        "checkpoint_forms": checkpoint_forms,
        "sees_log": can(request.user, CaseAction.VIEW_LOG, case),
        "attachments": visible_attachments(request.user, case),
        "attachment_form": (bound or {}).get("piece") or (attachment_form(case) if editable else None),
    }
    return render(request, "accompaniment/case.html", context, status=status)


def attachment_form(case: Case, data: Any = None, files: Any = None) -> forms.AttachmentForm:
    """Return the form that deposits a document on the case or on one of its actions."""
    actions = [(a.pk, a.title) for a in case.interventions.all()]
    return forms.AttachmentForm(data, files, actions=actions, prefix="piece")


def _consultant(email: str) -> Any:
    if not email:
        return None
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if person is None:
        raise ValidationError({"consultant_email": "Aucun compte actif avec ce courriel."})
    return person


def _run(step: str, case: Case, actor: Any, data: dict[str, Any]) -> None:
    version = data["version"]
    if step == "avancer":
        phases.case_advance(
            case=case, actor=actor, expected_version=version, close_reason=data["close_reason"]
        )
    elif step == "diagnostic":
        needs = dict.fromkeys(data["needs"], "")
        phases.case_diagnose(
            case=case,
            actor=actor,
            expected_version=version,
            needs=needs,
            summary=data["summary"],
            on=data["on"],
        )
    elif step == "plan":
        phases.case_plan(
            case=case, actor=actor, expected_version=version, objectives=data["objectives"],
            budget=data["budget"], scheme_ids=[int(pk) for pk in data["schemes"]],
        )  # fmt: skip
    elif step == "action":
        chosen = [s for s in case.beneficiaries.all() if str(s.pk) in data["structures"]]
        phases.action_add(
            case=case, actor=actor, expected_version=version, title=data["title"],
            consultant=_consultant(data["consultant_email"]), consultant_name=data["consultant_name"],
            starts_on=data["starts_on"], ends_on=data["ends_on"], days=data["days"], cost=data["cost"],
            structures=chosen, deliverables=data["deliverables"],
        )  # fmt: skip


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one step of a case; a stale version answers 409 with the case as it is now."""
    if step not in STEPS:
        raise Http404("Étape inconnue.")
    case = _case_or_404(pk)
    if not can(request.user, CaseAction.EDIT, case):
        raise PermissionDenied(
            "Seul·es les chargé·es d'accompagnement de la structure font avancer ce dossier."
        )
    form = _step_form(step, case, request.POST)
    status = 400
    if form.is_valid():
        try:
            _run(step, case, request.user, form.cleaned_data)
        except StaleWriteError as error:
            form.add_error(None, error)
            status = 409
        except ValidationError as error:
            form.add_error(None, error if not hasattr(error, "error_dict") else error.messages)
        else:
            messages.success(request, "Dossier enregistré.")
            return redirect("accompaniment:case", pk=pk)
    return case_detail(request, pk, bound={step: form}, status=status)


@login_required
@require_POST
def checkpoint_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a follow-up checkpoint with the situation of every structure of the case."""
    checkpoint = Checkpoint.objects.select_related("case").filter(pk=pk).first()
    if checkpoint is None:
        raise Http404("Point de suivi inconnu.")
    if not can(request.user, CaseAction.EDIT, checkpoint.case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure font le suivi.")
    form = forms.CheckpointForm(request.POST, prefix=f"point-{pk}")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        figures = {s.pk: (data["employees"], data["budget"]) for s in checkpoint.case.beneficiaries.all()}
        try:
            phases.checkpoint_record(
                checkpoint=checkpoint, actor=request.user, expected_version=data["version"],
                note=data["note"], figures=figures,
            )  # fmt: skip
        except StaleWriteError as error:
            form.add_error(None, error)
            status = 409
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Point de suivi enregistré.")
            return redirect("accompaniment:case", pk=checkpoint.case_id)
    return case_detail(request, checkpoint.case_id, bound={f"point-{pk}": form}, status=status)


@login_required
@require_POST
def share_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(pk)
    if not can(request.user, CaseAction.SHARE, case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure partagent ce dossier.")
    form = forms.ShareForm(request.POST, exclude=case.body_id, prefix="share")
    if form.is_valid():
        try:
            case_share(
                case=case,
                actor=request.user,
                grantee=form.cleaned_data["grantee"],
                scope=form.cleaned_data["scope"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Dossier partagé.")
            return redirect("accompaniment:case", pk=pk)
    return case_detail(request, pk, bound={"share": form}, status=400)


@login_required
@require_POST
def share_end(request: HttpRequest, pk: int) -> HttpResponse:
    share = Share.objects.select_related("case", "grantee__structure").filter(pk=pk).first()
    if share is None:
        raise Http404("Partage inconnu.")
    if not can(request.user, CaseAction.SHARE, share.case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure révoquent ce partage.")
    try:
        share_revoke(share=share, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Partage avec {share.grantee.structure.name} révoqué.")
    return redirect("accompaniment:case", pk=share.case_id)


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render an action to its consultant and to the case's readers (never the diagnostic)."""
    action = (
        Intervention.objects.select_related("case__body__structure")
        .prefetch_related("structures")
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404("Action inconnue.")
    if not can(request.user, "view", action):
        raise PermissionDenied("Cette action d'accompagnement est confidentielle.")
    if not can(request.user, CaseAction.EDIT, action.case):
        case_read(case=action.case, user=request.user)
    live = Attachment.objects.filter(intervention=action, withdrawn_at__isnull=True).select_related(
        "intervention"
    )
    documents = [a for a in live if can(request.user, "view", a)]
    return render(
        request,
        "accompaniment/action.html",
        {
            "action": action,
            "reads_case": can(request.user, CaseAction.VIEW, action.case),
            "attachments": documents,
        },
    )
