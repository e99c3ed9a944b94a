"""Loans through the booking engine: condition reports at each hand-over, chained loans, disputes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.bookings.enums import BookingState
from maillage.bookings.services import booking_accept, booking_request
from maillage.lending.enums import ReportKind
from maillage.lending.models import ConditionReport
from maillage.lending.selectors import item_reports, items_free
from maillage.lending.services import dispute_open, item_create, loan_chain, loan_hand_over, loan_return
from tests.accounts.factories import StructureMembershipFactory
from tests.lending.factories import ItemFactory, photo
from tests.structures.factories import StructureFactory

MONDAY = datetime.datetime(2026, 3, 2, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loan_setup() -> dict:
    item = ItemFactory.create(resource__name="Projecteur LED")
    owner_manager = StructureMembershipFactory.create(structure=item.resource.owner, role="manager").user
    first = StructureMembershipFactory.create(role="manager")
    second = StructureMembershipFactory.create(role="manager")
    loan_one = booking_request(
        resource=item.resource,
        requester=first.structure,
        actor=first.user,
        start=MONDAY,
        end=MONDAY + 3 * DAY,
    )
    loan_two = booking_request(
        resource=item.resource,
        requester=second.structure,
        actor=second.user,
        start=MONDAY + 3 * DAY,
        end=MONDAY + 5 * DAY,
    )
    booking_accept(booking=loan_one, actor=owner_manager)
    booking_accept(booking=loan_two, actor=owner_manager)
    return {
        "item": item,
        "owner": owner_manager,
        "first": first,
        "second": second,
        "one": loan_one,
        "two": loan_two,
    }


def test_a_chained_loan_keeps_three_reports_in_the_items_history(loan_setup: dict) -> None:
    """Handed over, passed on to the next borrower, returned: three reports, the photo re-encoded."""
    s = loan_setup
    loan_hand_over(booking=s["one"], actor=s["owner"], complete=True, working=True, photo=photo())
    loan_chain(
        booking=s["one"],
        next_booking=s["two"],
        actor=s["first"].user,
        complete=True,
        working=True,
        remarks="Une rayure sur le capot",
    )
    loan_return(booking=s["two"], actor=s["owner"], complete=True, working=False, remarks="Ne s'allume plus")

    reports = list(item_reports(s["item"]))
    assert [r.kind for r in reports] == [ReportKind.HAND_OVER, ReportKind.CHAIN, ReportKind.RETURN]
    assert reports[1].next_booking == s["two"]
    assert str(reports[0].photo.name).endswith(".png")
    s["one"].refresh_from_db()
    s["two"].refresh_from_db()
    assert (s["one"].state, s["two"].state) == (BookingState.RETURNED, BookingState.RETURNED)
    assert s["two"].chained_from == s["one"]


def test_a_photo_that_is_not_an_image_is_refused(loan_setup: dict) -> None:
    """A text renamed .png is refused before anything is recorded."""
    s = loan_setup
    with pytest.raises(ValidationError, match="n'est pas une image lisible"):
        loan_hand_over(
            booking=s["one"],
            actor=s["owner"],
            complete=True,
            working=True,
            photo=SimpleUploadedFile("etat.png", b"pas une image", content_type="image/png"),
        )
    assert not ConditionReport.objects.exists()
    s["one"].refresh_from_db()
    assert s["one"].state == BookingState.ACCEPTED


def test_only_the_owners_managers_hand_over(loan_setup: dict) -> None:
    s = loan_setup
    with pytest.raises(PermissionDenied):
        loan_hand_over(booking=s["one"], actor=s["first"].user, complete=True, working=True)


def test_a_dispute_shows_both_reports_side_by_side(loan_setup: dict, client: Client) -> None:
    """The dispute page sets the report at hand-over beside the one at return."""
    s = loan_setup
    loan_hand_over(booking=s["one"], actor=s["owner"], complete=True, working=True, remarks="Comme neuf")
    loan_return(booking=s["one"], actor=s["owner"], complete=False, working=True, remarks="Câble manquant")
    dispute = dispute_open(booking=s["one"], actor=s["owner"], description="Le câble d'alimentation manque.")

    client.force_login(s["first"].user)
    response = client.get(reverse("pooling:dispute", args=[dispute.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    side = page.split('class="reports-side-by-side"', 1)[1]
    assert (
        side.index("Au départ")
        < side.index("Comme neuf")
        < side.index("Au retour")
        < side.index("Câble manquant")
    )
    assert "Incomplet" in side
    assert "Complet" in side

    client.force_login(StructureMembershipFactory.create().user)
    assert client.get(reverse("pooling:dispute", args=[dispute.pk])).status_code == 404


def test_a_dispute_needs_both_reports(loan_setup: dict) -> None:
    s = loan_setup
    with pytest.raises(ValidationError, match="un prêt rendu"):
        dispute_open(booking=s["one"], actor=s["owner"], description="Rayure")


def test_free_items_leave_out_those_lent_over_the_dates() -> None:
    """Searching dates keeps the items no accepted loan holds then."""
    owner = StructureFactory.create()
    lent = item_create(owner=owner, actor=None, name="Enceinte", category="sound")
    free = item_create(owner=owner, actor=None, name="Micro", category="sound")
    booking = booking_request(
        resource=lent.resource,
        requester=StructureFactory.create(),
        actor=None,
        start=MONDAY,
        end=MONDAY + DAY,
    )
    booking_accept(booking=booking, actor=None)
    assert list(items_free(start=MONDAY, end=MONDAY + 2 * DAY)) == [free]
    assert set(items_free(start=MONDAY + DAY, end=MONDAY + 2 * DAY)) == {lent, free}


def test_the_other_side_countersigns_a_report(loan_setup: dict, client: Client) -> None:
    """The borrower countersigns the hand-over report the lender wrote; the writer cannot sign twice."""
    s = loan_setup
    report = loan_hand_over(booking=s["one"], actor=s["owner"], complete=True, working=True)
    client.force_login(s["owner"])
    client.post(reverse("pooling:report_countersign", args=[report.pk]))
    report.refresh_from_db()
    assert report.countersigned_by is None

    client.force_login(s["first"].user)
    response = client.post(reverse("pooling:report_countersign", args=[report.pk]), follow=True)

    assert "État des lieux contresigné." in response.content.decode()
    report.refresh_from_db()
    assert report.countersigned_by == s["first"].user
    client.force_login(s["second"].user)
    assert client.post(reverse("pooling:report_countersign", args=[report.pk])).status_code == 404
