"""Writes of calls and applications: keyword-only, one transaction, conditional on the version read."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.calls import rules
from maillage.calls.content import content_hash, directory_picture, receipt_code
from maillage.calls.editing import may_organise
from maillage.calls.eligibility import judge
from maillage.calls.enums import ApplicationState, CallStatus, CommitteeRole
from maillage.calls.models import Application, ApplicationEvent, Call, CommitteeMember, Criterion, Question
from maillage.calls.questionnaire import clean_answers
from maillage.concurrency.versions import check_version, versioned_update
from maillage.memberships.rules import can
from maillage.structures.models import Structure

FROZEN = "Cette candidature est déposée : elle ne peut plus être modifiée, seulement retirée."


def _unique_slug(title: str) -> str:
    base = (slugify(title)[:100] or "appel").strip("-")
    slug, n = base, 1
    while Call.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def call_create(
    *,
    actor: Any,
    title: str,
    organisers: Sequence[Structure],
    questions: Iterable[Mapping[str, Any]] = (),
    criteria: Iterable[Mapping[str, Any]] = (),
    disciplines: Sequence[Any] = (),
    **fields: Any,
) -> Call:
    """Create a call with its organisers, typed questions and weighted criteria (in the order given)."""
    if not organisers:
        raise ValidationError({"organisers": "Un appel a au moins une structure organisatrice."})
    refused = [o.name for o in organisers if not may_organise(actor, o)]
    if refused:
        raise PermissionDenied(f"Seuls ses gestionnaires ouvrent un appel au nom de « {refused[0]} ».")
    call = Call(title=title.strip(), slug=fields.pop("slug", None) or _unique_slug(title), **fields)
    call.created_by = actor if getattr(actor, "is_authenticated", False) else None
    if not call.source_label:
        call.source_label = "Saisi sur maillage"
    call.source_date = call.source_date or timezone.localdate()
    call.full_clean()
    call.save()
    call.organisers.set(organisers)
    call.disciplines.set(disciplines)
    for position, question in enumerate(questions):
        item = Question(call=call, position=position, **question)
        item.full_clean()
        item.save()
    for position, criterion in enumerate(criteria):
        weighted = Criterion(call=call, position=position, **criterion)
        weighted.full_clean()
        weighted.save()
    return call


def call_update(*, actor: Any, call: Call, expected_version: int, **changes: Any) -> Call:
    """Write the changed fields of a call unless someone changed it since `expected_version`."""
    if not can(actor, rules.MANAGE, call):
        raise PermissionDenied("Seuls les organisateurs modifient cet appel.")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(call, name, value)
        call.full_clean()
        versioned_update(call, expected_version=expected_version, fields=changes)
    return call


def call_publish(*, actor: Any, call: Call, expected_version: int) -> Call:
    """Publish the call: it shows in the list, and structures may apply between its dates."""
    return call_update(actor=actor, call=call, expected_version=expected_version, status=CallStatus.PUBLISHED)


@transaction.atomic
def committee_add(
    *, actor: Any, call: Call, user: Any, role: str = CommitteeRole.REVIEWER
) -> CommitteeMember:
    """Seat a person on the call's committee."""
    if not can(actor, rules.MANAGE, call):
        raise PermissionDenied("Seuls les organisateurs composent le comité.")
    member, _ = CommitteeMember.objects.update_or_create(call=call, user=user, defaults={"role": role})
    return member


def _record(application: Application, actor: Any, field: str, old: str, new: str, reason: str = "") -> None:
    ApplicationEvent.objects.create(
        application=application,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        field=field,
        old=old,
        new=new,
        reason=reason,
    )


def check_open(call: Call, now: datetime.datetime | None = None) -> None:
    """Refuse writes by applicants outside the call's dates or while it is not published."""
    moment = now or timezone.now()
    if call.status != CallStatus.PUBLISHED:
        raise ValidationError("Cet appel n'est pas ouvert aux candidatures.")
    if moment < call.opens_at:
        raise ValidationError(
            f"Les candidatures ouvrent le {timezone.localtime(call.opens_at):%d/%m/%Y à %H h %M}."
        )
    if moment >= call.closes_at:
        raise ValidationError("Les candidatures sont closes.")


def application_create(
    *, actor: Any, call: Call, structure: Structure, title: str = "", now: datetime.datetime | None = None
) -> Application:
    """Open a draft for the structure, pre-filled from the directory; one live application per structure."""
    if not rules.manages(actor, [structure.pk]) and not getattr(actor, "is_superuser", False):
        raise PermissionDenied("Seuls les gestionnaires de la structure déposent sa candidature.")
    check_open(call, now)
    verdict = judge(call, structure)
    if not verdict.eligible:
        reasons = " ; ".join(v.sentence for v in verdict.missed)
        raise ValidationError(f"« {structure.name} » ne remplit pas les conditions de l'appel : {reasons}.")
    application = Application(
        call=call,
        structure=structure,
        title=(title.strip() or structure.name)[:300],
        directory=directory_picture(structure),
        directory_read_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            application.save()
            _record(application, actor, "state", "", ApplicationState.DRAFT)
    except IntegrityError as error:
        raise ValidationError(f"« {structure.name} » a déjà une candidature à cet appel.") from error
    return application


def application_update(
    *,
    actor: Any,
    application: Application,
    expected_version: int,
    title: str | None = None,
    answers: Mapping[str, Any] | None = None,
    consent_publication: bool | None = None,
) -> Application:
    """Save the draft's answers (checked, incomplete allowed); a submitted application is refused."""
    if not can(actor, rules.EDIT, application):
        raise PermissionDenied("Seuls les gestionnaires de la structure modifient sa candidature.")
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.state != ApplicationState.DRAFT:
            raise ValidationError(FROZEN)
        check_version(current, expected_version)
        changed: set[str] = set()
        if title is not None:
            if not title.strip():
                raise ValidationError({"title": "Donnez un titre au projet."})
            current.title, changed = title.strip()[:300], changed | {"title"}
        if answers is not None:
            current.answers = clean_answers(current.call.questions.all(), answers, complete=False)
            changed.add("answers")
        if consent_publication is not None:
            current.consent_publication, changed = consent_publication, changed | {"consent_publication"}
        versioned_update(current, expected_version=expected_version, fields=changed)
    return current


def application_submit(
    *, actor: Any, application: Application, expected_version: int, now: datetime.datetime | None = None
) -> Application:
    """Submit the draft: every required answer given, directory read again, content frozen and hashed."""
    if not can(actor, rules.EDIT, application):
        raise PermissionDenied("Seuls les gestionnaires de la structure déposent sa candidature.")
    with transaction.atomic():
        current = (
            Application.objects.select_for_update().select_related("call", "structure").get(pk=application.pk)
        )
        if current.state != ApplicationState.DRAFT:
            raise ValidationError(FROZEN)
        check_version(current, expected_version)
        check_open(current.call, now)
        current.answers = clean_answers(current.call.questions.all(), current.answers, complete=True)
        current.directory = directory_picture(current.structure)
        current.directory_read_at = current.submitted_at = now or timezone.now()
        current.submitted_by = actor
        current.state = ApplicationState.SUBMITTED
        current.content_hash = content_hash(current)
        current.receipt = receipt_code(current, current.content_hash)
        fields = {"answers", "directory", "directory_read_at", "submitted_at", "submitted_by", "state"}
        versioned_update(
            current, expected_version=expected_version, fields=fields | {"content_hash", "receipt"}
        )
        _record(current, actor, "state", ApplicationState.DRAFT, ApplicationState.SUBMITTED, current.receipt)
    return current


def application_withdraw(
    *, actor: Any, application: Application, expected_version: int, reason: str
) -> Application:
    """Withdraw the application (draft or submitted): kept whole, out of the review."""
    if not can(actor, rules.EDIT, application):
        raise PermissionDenied("Seuls les gestionnaires de la structure retirent sa candidature.")
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif du retrait."})
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.state == ApplicationState.WITHDRAWN:
            raise ValidationError("Cette candidature est déjà retirée.")
        old = current.state
        current.state = ApplicationState.WITHDRAWN
        versioned_update(current, expected_version=expected_version, fields={"state"})
        _record(current, actor, "state", old, ApplicationState.WITHDRAWN, reason.strip())
    return current


def record_event(
    application: Application, actor: Any, field: str, old: str, new: str, reason: str = ""
) -> None:
    """Add a step to the application's history (used by the deliberation too)."""
    _record(application, actor, field, old, new, reason)
