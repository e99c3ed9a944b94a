"""Writes of equipment lending: items, and loans moved through the booking engine with their reports."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.bookings.audiences import departement_id, share_a_network
from maillage.bookings.enums import BookingState, Unit
from maillage.bookings.models import Booking, Resource
from maillage.bookings.services import booking_hand_over, booking_request, booking_return
from maillage.concurrency.versions import versioned_update
from maillage.lending.enums import Audience, DisputeState, ReportKind
from maillage.lending.models import ConditionReport, Dispute, Item
from maillage.lending.photos import validate_photo
from maillage.memberships.rules import can
from maillage.structures.models import Structure


@transaction.atomic
def item_create(
    *,
    owner: Structure,
    actor: Any,
    name: str,
    category: str,
    description: str = "",
    deposit: Decimal = Decimal(0),
    replacement_value: Decimal | None = None,
    insurance_required: bool = False,
    conditions: str = "",
    audience: str = Audience.ANYONE,
    buffer_days: int = 0,
) -> Item:
    """List an item of the owner's for loan, with its own calendar in the booking engine."""
    resource = Resource(
        owner=owner, name=name.strip(), unit=Unit.DAY, buffer=datetime.timedelta(days=buffer_days)
    )
    resource.full_clean()
    resource.save()
    item = Item(
        resource=resource,
        category=category,
        description=description,
        deposit=deposit,
        replacement_value=replacement_value,
        insurance_required=insurance_required,
        conditions=conditions,
        audience=audience,
    )
    item.full_clean()
    item.save()
    return item


# Fields of an item its owner's managers change after listing it (the name and calendar are the resource's).
ITEM_FIELDS = ("description", "deposit", "replacement_value", "insurance_required", "conditions", "audience")


@transaction.atomic
def item_update(*, item: Item, actor: Any, expected_version: int, **fields: Any) -> Item:
    """Change an item's terms as one of its owner's managers, unless someone changed it since it was read."""
    if not can(actor, "manage", item):
        raise PermissionDenied("Seuls les responsables de la structure qui prête ce matériel le modifient.")
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"unknown item fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean(exclude=["resource"])
    item.version = versioned_update(item, expected_version=expected_version, fields=[*fields])
    return item


def _check_audience(item: Item, requester: Structure) -> None:
    """Refuse, in French, a borrower the item's rule leaves out (its network, its département)."""
    owner = item.resource.owner
    if item.audience == Audience.NETWORK and not share_a_network(owner, requester):
        raise ValidationError(
            f"« {item} » n'est prêté qu'aux structures d'un réseau de {owner.name}.", code="audience"
        )
    if item.audience == Audience.TERRITORY:
        here = departement_id(owner)
        if here is None or here != departement_id(requester):
            raise ValidationError(
                f"« {item} » n'est prêté qu'aux structures du département de {owner.name}.", code="audience"
            )


def loan_request(
    *,
    item: Item,
    requester: Structure,
    actor: Any,
    start: datetime.datetime,
    end: datetime.datetime,
    note: str = "",
) -> Booking:
    """Ask to borrow an item, if its rule admits the borrower; the booking engine decides the dates."""
    _check_audience(item, requester)
    return booking_request(
        resource=item.resource, requester=requester, actor=actor, start=start, end=end, note=note
    )


def _report(
    *, booking: Booking, kind: str, actor: Any, complete: bool, working: bool, remarks: str, photo: Any
) -> ConditionReport:
    report = ConditionReport(
        booking=booking,
        kind=kind,
        complete=complete,
        working=working,
        remarks=remarks.strip(),
        written_by=actor,
    )
    if photo:
        report.photo = validate_photo(photo)
    report.save()
    return report


def _require(actor: Any, action: str, booking: Booking) -> None:
    if not can(actor, action, booking):
        raise PermissionDenied("Seuls les gestionnaires de la structure qui prête consignent cette étape.")


@transaction.atomic
def loan_hand_over(
    *, booking: Booking, actor: Any, complete: bool, working: bool, remarks: str = "", photo: Any = None
) -> ConditionReport:
    """Hand an accepted loan to its borrower, with the condition report of that moment."""
    _require(actor, "decide", booking)
    report = _report(
        booking=booking,
        kind=ReportKind.HAND_OVER,
        actor=actor,
        complete=complete,
        working=working,
        remarks=remarks,
        photo=photo,
    )
    booking_hand_over(booking=booking, actor=actor)
    return report


@transaction.atomic
def loan_chain(
    *,
    booking: Booking,
    next_booking: Booking,
    actor: Any,
    complete: bool,
    working: bool,
    remarks: str = "",
    photo: Any = None,
) -> ConditionReport:
    """Hand the item straight from one borrower to the next: one report ends a loan and starts the other."""
    if not (can(actor, "decide", booking) or can(actor, "cancel", booking)):
        raise PermissionDenied("Seuls le prêteur et l'emprunteur actuel passent le matériel au suivant.")
    if next_booking.resource_id != booking.resource_id or next_booking.state != BookingState.ACCEPTED:
        raise ValidationError("Le prêt suivant doit être un prêt accepté du même matériel.", code="chain")
    if booking.state != BookingState.HANDED_OVER:
        raise ValidationError("Seul un matériel remis peut passer à l'emprunteur suivant.", code="chain")
    report = _report(
        booking=booking,
        kind=ReportKind.CHAIN,
        actor=actor,
        complete=complete,
        working=working,
        remarks=remarks,
        photo=photo,
    )
    report.next_booking = next_booking
    report.save(update_fields=["next_booking"])
    booking_return(booking=booking, actor=actor, note="Passé directement à l'emprunteur suivant.")
    booking_hand_over(booking=next_booking, actor=actor)
    Booking.objects.filter(pk=next_booking.pk).update(chained_from=booking)
    next_booking.chained_from = booking
    return report


@transaction.atomic
def loan_return(
    *, booking: Booking, actor: Any, complete: bool, working: bool, remarks: str = "", photo: Any = None
) -> ConditionReport:
    """Record the item's return to its owner, with the condition report of that moment."""
    _require(actor, "decide", booking)
    report = _report(
        booking=booking,
        kind=ReportKind.RETURN,
        actor=actor,
        complete=complete,
        working=working,
        remarks=remarks,
        photo=photo,
    )
    booking_return(booking=booking, actor=actor)
    return report


def report_countersign(*, report: ConditionReport, actor: Any) -> ConditionReport:
    """Sign a report as the other side of the hand-over (the borrower, or the next one)."""
    sides = [report.booking, *([report.next_booking] if report.next_booking else [])]
    if actor == report.written_by or not any(can(actor, "view", b) for b in sides):
        raise PermissionDenied("L'autre partie de la remise contresigne l'état des lieux.")
    updated = ConditionReport.objects.filter(pk=report.pk, countersigned_by__isnull=True).update(
        countersigned_by=actor
    )
    if not updated:
        raise ValidationError("Cet état des lieux est déjà contresigné.", code="signed")
    report.countersigned_by = actor
    return report


def loan_reports(booking: Booking) -> tuple[ConditionReport | None, ConditionReport | None]:
    """Return the report that started the loan and the one that ended it."""
    reports = ConditionReport.objects.filter(booking__resource_id=booking.resource_id)
    before = (
        reports.filter(booking=booking, kind=ReportKind.HAND_OVER).first()
        or reports.filter(next_booking=booking, kind=ReportKind.CHAIN).first()
    )
    after = reports.filter(booking=booking, kind__in=(ReportKind.RETURN, ReportKind.CHAIN)).first()
    return before, after


@transaction.atomic
def dispute_open(*, booking: Booking, actor: Any, description: str) -> Dispute:
    """Open a damage dispute on a loan, setting its two condition reports side by side."""
    _require(actor, "decide", booking)
    if not description.strip():
        raise ValidationError("Décrivez le dommage constaté.", code="description")
    before, after = loan_reports(booking)
    if before is None or after is None:
        raise ValidationError(
            "Un litige s'ouvre sur un prêt rendu, avec son état des lieux de départ et de retour.",
            code="reports",
        )
    if Dispute.objects.filter(booking=booking).exists():
        raise ValidationError("Un litige est déjà ouvert sur ce prêt.", code="exists")
    return Dispute.objects.create(
        booking=booking,
        before=before,
        after=after,
        description=description.strip(),
        opened_by=actor,
        state=DisputeState.OPEN,
    )
