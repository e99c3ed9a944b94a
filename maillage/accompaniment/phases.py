"""Writes of a case through its phases: open, diagnose, plan, add actions, advance, record checkpoints.

Each is one transaction, checked against the version the writer read (`concurrency.versions`), and
refused unless `can(actor, "edit", case)`: only the body's officers move a case.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accompaniment.enums import PHASE_ORDER, CaseAction, CloseReason, Phase
from maillage.accompaniment.models import Body, Case, CaseNeed, Checkpoint, Intervention, Situation
from maillage.accompaniment.rules import is_officer
from maillage.accompaniment.services import has_consent
from maillage.accompaniment.situations import start_situation
from maillage.accompaniment.warm import figures_changed
from maillage.concurrency.versions import check_version, versioned_update
from maillage.memberships.enums import RoleChange, RoleKind
from maillage.memberships.rules import can
from maillage.memberships.services import role_event_record
from maillage.schemes.matching import declared_needs
from maillage.schemes.models import Scheme
from maillage.schemes.needs import need_labels
from maillage.structures.models import Structure

MAX_BENEFICIARIES = 50


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _editable(case: Case, actor: Any, expected_version: int, phases: tuple[Phase, ...]) -> None:
    if not can(actor, CaseAction.EDIT, case):
        raise PermissionDenied(
            "Seul·es les chargé·es d'accompagnement de la structure font avancer ce dossier."
        )
    check_version(case, expected_version)
    if case.phase not in phases:
        labels = ", ".join(str(Phase(p).label).lower() for p in phases)
        raise ValidationError(f"Ce dossier est en phase « {case.get_phase_display()} » : attendu {labels}.")


def _save(case: Case, expected_version: int, fields: list[str]) -> Case:
    case.last_activity_at = timezone.now()
    case.full_clean(exclude=["body", "officer", "region", "departement", "discipline", "created_by"])
    case.version = versioned_update(
        case, expected_version=expected_version, fields=[*fields, "last_activity_at"]
    )
    transaction.on_commit(partial(figures_changed, body_id=case.body_id, region_id=case.region_id))
    return case


@transaction.atomic
def case_open(
    *,
    body: Body,
    beneficiaries: list[Structure],
    officer: Any,
    actor: Any,
    title: str,
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case on structures whose managers agreed, with their situation at the start."""
    if not can(actor, "open_case", body):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure ouvrent un dossier.")
    if not is_officer(officer, body.pk):
        raise ValidationError(
            {"officer": "Le ou la chargé·e d'accompagnement doit appartenir à la structure."}
        )
    unique = list({s.pk: s for s in beneficiaries}.values())
    if not unique or len(unique) > MAX_BENEFICIARIES:
        raise ValidationError({"beneficiaries": f"De 1 à {MAX_BENEFICIARIES} structures accompagnées."})
    missing = [s.name for s in unique if not has_consent(s, body)]
    if missing:
        raise ValidationError(
            {"beneficiaries": "Sans l'accord d'un·e gestionnaire : " + ", ".join(missing) + "."}
        )
    first = unique[0]
    commune = first.commune
    today = opened_on or timezone.localdate()
    case = Case(
        body=body,
        officer=officer,
        title=title.strip(),
        opened_on=today,
        last_activity_at=timezone.now(),
        created_by=actor,
        year=today.year,
        region_id=commune.region_id if commune is not None else None,
        departement_id=commune.departement_id if commune is not None else None,
        ess_family=first.ess_family,
        discipline=first.disciplines.order_by("pk").first(),
        structures_count=len(unique),
        source_label=f"Saisi par {body.structure.name}",
        source_date=today,
    )
    case.full_clean(exclude=["region", "departement", "discipline"])
    case.save()
    case.beneficiaries.set(unique)
    Situation.objects.bulk_create([start_situation(case, s, today) for s in unique])
    transaction.on_commit(partial(figures_changed, body_id=case.body_id, region_id=case.region_id))
    return case


@transaction.atomic
def case_advance(*, case: Case, actor: Any, expected_version: int, close_reason: str = "") -> Case:
    """Move the case to its next phase, or close it from any phase with a reason."""
    _editable(case, actor, expected_version, tuple(PHASE_ORDER[:-1]))
    phase = Phase(case.phase)
    if close_reason:
        reason = CloseReason(close_reason)
        if reason == CloseReason.COMPLETED and phase != Phase.FOLLOW_UP:
            raise ValidationError("Un accompagnement est mené à son terme après son suivi.")
        case.phase, case.close_reason, case.closed_on = Phase.CLOSED, reason, timezone.localdate()
        return _save(case, expected_version, ["phase", "close_reason", "closed_on"])
    if phase == Phase.FOLLOW_UP:
        raise ValidationError("Pour clore le dossier, donnez le motif de clôture.")
    missing = {
        Phase.DIAGNOSTIC: (case.diagnosed_on is None, "Posez d'abord le diagnostic (au moins un besoin)."),
        Phase.PLAN: (not case.plan_objectives, "Donnez d'abord les objectifs du plan."),
        Phase.ACTIONS: (not case.interventions.exists(), "Ajoutez d'abord une action."),
    }.get(phase)
    if missing and missing[0]:
        raise ValidationError(missing[1])
    case.phase = PHASE_ORDER[PHASE_ORDER.index(phase) + 1]
    return _save(case, expected_version, ["phase"])


@transaction.atomic
def case_diagnose(
    *, case: Case, actor: Any, expected_version: int, needs: dict[str, str], summary: str,
    on: datetime.date | None = None,
) -> Case:  # fmt: skip
    """Record the shared diagnostic: the needs found, and the follow-up checkpoints from its date."""
    _editable(case, actor, expected_version, (Phase.DIAGNOSTIC,))
    labels = need_labels()
    unknown = sorted(set(needs) - set(labels))
    if unknown or not needs:
        raise ValidationError({"needs": "Choisissez au moins un besoin parmi ceux du questionnaire."})
    declared: set[str] = set()
    for structure in case.beneficiaries.all():
        declared |= declared_needs(structure)
    case.needs.all().delete()
    CaseNeed.objects.bulk_create(
        [
            CaseNeed(case=case, need=k, note=v[:500], from_survey=k in declared)
            for k, v in sorted(needs.items())
        ]
    )
    case.needs_key = ",".join(sorted(needs))
    case.diagnostic_summary = summary.strip()
    case.diagnosed_on = on or timezone.localdate()
    case.checkpoints.filter(done_on__isnull=True).delete()
    done = set(case.checkpoints.values_list("months", flat=True))
    Checkpoint.objects.bulk_create(
        [
            Checkpoint(case=case, months=m, due_on=add_months(case.diagnosed_on, m))
            for m in case.body.checkpoint_months
            if m not in done
        ]
    )
    return _save(case, expected_version, ["diagnostic_summary", "diagnosed_on", "needs_key"])


@transaction.atomic
def case_plan(
    *,
    case: Case,
    actor: Any,
    expected_version: int,
    objectives: str,
    budget: Decimal | None,
    scheme_ids: list[int],
) -> Case:
    """Record the plan: objectives, budget and the schemes proposed (visible schemes only)."""
    _editable(case, actor, expected_version, (Phase.PLAN,))
    if not objectives.strip():
        raise ValidationError({"plan_objectives": "Donnez les objectifs du plan."})
    schemes = list(Scheme.objects.visible().filter(pk__in=scheme_ids))
    if len(schemes) != len(set(scheme_ids)):
        raise ValidationError({"proposed_schemes": "Dispositif inconnu ou non publié."})
    case.plan_objectives, case.plan_budget = objectives.strip(), budget
    case.proposed_schemes.set(schemes)
    return _save(case, expected_version, ["plan_objectives", "plan_budget"])


@transaction.atomic
def action_add(
    *, case: Case, actor: Any, expected_version: int, title: str, starts_on: datetime.date,
    ends_on: datetime.date, days: Decimal, cost: Decimal, structures: list[Structure], consultant: Any = None,
    consultant_name: str = "", deliverables: str = "",
) -> Intervention:  # fmt: skip
    """Add an action to the plan, for one beneficiary or several (collective), with its consultant."""
    _editable(case, actor, expected_version, (Phase.PLAN, Phase.ACTIONS))
    ids = set(case.beneficiaries.values_list("pk", flat=True))
    chosen = {s.pk: s for s in structures}
    if not chosen or not set(chosen) <= ids:
        raise ValidationError({"structures": "Choisissez les structures concernées parmi celles du dossier."})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "La fin précède le début."})
    action = Intervention(
        case=case, title=title.strip(), consultant=consultant, consultant_name=consultant_name.strip(),
        starts_on=starts_on, ends_on=ends_on, days=days, cost=cost, collective=len(chosen) > 1,
        deliverables=deliverables.strip(),
    )  # fmt: skip
    action.full_clean(exclude=["case", "consultant"])
    if days < 0 or cost < 0:
        raise ValidationError("Jours et coût sont positifs.")
    action.save()
    action.structures.set(chosen.values())
    case.days_total += days
    case.cost_total += cost
    _save(case, expected_version, ["days_total", "cost_total"])
    if consultant is not None:
        role_event_record(
            person=consultant, role=RoleKind.CONSULTANT, change=RoleChange.GRANTED,
            structure=case.body.structure, actor=actor, reason=f"Action « {action.title} »",
        )  # fmt: skip
    return action


@transaction.atomic
def checkpoint_record(
    *, checkpoint: Checkpoint, actor: Any, expected_version: int, note: str,
    figures: dict[int, tuple[Decimal | None, Decimal | None]], on: datetime.date | None = None,
) -> Checkpoint:  # fmt: skip
    """Record a follow-up point: what changed, and each structure's employment and budget then."""
    case = checkpoint.case
    if not can(actor, CaseAction.EDIT, case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure font le suivi.")
    if case.phase != Phase.FOLLOW_UP:
        raise ValidationError("Les points de suivi se font en phase de suivi.")
    ids = set(case.beneficiaries.values_list("pk", flat=True))
    if not set(figures) <= ids:
        raise ValidationError("Structure étrangère au dossier.")
    checkpoint.done_on = on or timezone.localdate()
    checkpoint.note = note.strip()
    checkpoint.version = versioned_update(
        checkpoint, expected_version=expected_version, fields=["done_on", "note"]
    )
    Situation.objects.bulk_create(
        [
            Situation(case=case, structure_id=pk, checkpoint=checkpoint, on=checkpoint.done_on,
                      employees=e, budget=b, source="Saisi au point de suivi")
            for pk, (e, b) in sorted(figures.items())
        ]
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return checkpoint
