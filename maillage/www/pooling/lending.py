"""Pages of equipment lending: the catalogue with free dates, an item, its request form, its history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.bookings.periods import day_period
from maillage.lending.models import Item
from maillage.lending.selectors import item_loans, item_reports, items_free, items_on_offer
from maillage.lending.services import loan_request
from maillage.memberships.rules import can
from maillage.search.params import page_number
from maillage.structures.models import Structure
from maillage.www.pooling.forms import LoanRequestForm, SearchForm

PAGE_SIZE = 30


def item_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    items = items_on_offer()
    searched = False
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["first_day"] and data["last_day"]:
            start, end = day_period(data["first_day"], data["last_day"])
            items = items_free(start=start, end=end, category=data["category"])
            searched = True
        elif data["category"]:
            items = items.filter(category=data["category"])
    page = Paginator(items, PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "www/pooling/items.html", {"form": form, "page": page, "searched": searched}, status=status
    )


def _item_or_404(request: HttpRequest, pk: int) -> Item:
    item = Item.objects.select_related("resource", "resource__owner").filter(pk=pk).first()
    if item is None or not can(request.user, "view", item):
        raise Http404("Matériel inconnu.")
    return item


def _requesting_structures(request: HttpRequest, item: Item) -> object:
    if not request.user.is_authenticated:
        return Structure.objects.none()
    return Structure.objects.filter(memberships__user=request.user).exclude(pk=item.resource.owner_id)


def item_detail(
    request: HttpRequest, pk: int, form: LoanRequestForm | None = None, status: int = 200
) -> HttpResponse:
    item = _item_or_404(request, pk)
    structures = _requesting_structures(request, item)
    manages = can(request.user, "manage", item)
    loans = list(item_loans(item)) if manages else []
    return render(
        request,
        "www/pooling/item.html",
        {
            "item": item,
            "form": form or LoanRequestForm(structures=structures),
            "may_request": request.user.is_authenticated and structures.exists(),  # type: ignore[attr-defined]
            "manages": manages,
            "loans": loans,
            "reports": list(item_reports(item)) if manages else [],
        },
        status=status,
    )


@login_required
@require_POST
def item_request(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    form = LoanRequestForm(request.POST, structures=_requesting_structures(request, item))
    if form.is_valid():
        start, end = day_period(form.cleaned_data["first_day"], form.cleaned_data["last_day"])
        try:
            booking = loan_request(
                item=item,
                requester=form.cleaned_data["requester"],
                actor=request.user,
                start=start,
                end=end,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("pooling:booking", pk=booking.pk)
    return item_detail(request, pk, form=form, status=400)
