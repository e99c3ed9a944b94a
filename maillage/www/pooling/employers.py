"""Pages of an employer group: its shared positions, each member's monthly statement, the true-up."""

from __future__ import annotations

import csv
import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from maillage.employers.models import SharedPosition
from maillage.employers.permissions import manages_group, member_structures
from maillage.employers.statements import Line, month_lines, year_true_up
from maillage.structures.models import Structure

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _month(year: int, month: int) -> datetime.date:
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404("Mois inconnu.")
    return datetime.date(year, month, 1)


def _visible_lines(request: HttpRequest, group: Structure, month: datetime.date) -> tuple[list[Line], bool]:
    """Return the lines the user may see: all for the group's managers, their own members' otherwise."""
    manager = manages_group(request.user, group.pk)
    mine = set(member_structures(request.user, group.pk))
    if not manager and not mine:
        raise Http404("Relevé inconnu.")
    lines = month_lines(group, month)
    return (lines if manager else [line for line in lines if line.member_id in mine]), manager


def _names(lines: list[Line]) -> dict[int, str]:
    ids = {line.member_id for line in lines}
    return dict(Structure.objects.filter(pk__in=ids).values_list("pk", "name"))


def _euros(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


@login_required
def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Structure, slug=slug)
    manager = manages_group(request.user, group.pk)
    mine = member_structures(request.user, group.pk)
    if not manager and not mine:
        raise Http404("Groupement inconnu.")
    positions = SharedPosition.objects.filter(group=group, withdrawn_at__isnull=True)
    if not manager:
        positions = positions.filter(planned_shares__member_id__in=mine).distinct()
    return render(
        request,
        "www/pooling/group.html",
        {"group": group, "positions": positions, "manager": manager, "today": timezone.localdate()},
    )


@login_required
def statement(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    group = get_object_or_404(Structure, slug=slug)
    first = _month(year, month)
    lines, manager = _visible_lines(request, group, first)
    names = _names(lines)
    by_member: dict[int, list[tuple[Line, str]]] = {}
    for line in lines:
        by_member.setdefault(line.member_id, []).append((line, _euros(line.amount_cents)))
    members = [
        (names[member_id], rows, _euros(sum(line.amount_cents for line, _ in rows)))
        for member_id, rows in sorted(by_member.items(), key=lambda item: names[item[0]])
    ]
    return render(
        request,
        "www/pooling/statement.html",
        {
            "group": group,
            "month": first,
            "members": members,
            "manager": manager,
            "total": _euros(sum(line.amount_cents for line in lines)),
        },
    )


@login_required
def statement_csv(request: HttpRequest, slug: str, year: int, month: int) -> HttpResponse:
    group = get_object_or_404(Structure, slug=slug)
    first = _month(year, month)
    lines, _manager = _visible_lines(request, group, first)
    names = _names(lines)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="releve-{group.slug}-{first:%Y-%m}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["mois", "membre", "poste", "part prévue (%)", "montant (€)"])
    for line in lines:
        writer.writerow(
            [
                f"{first:%Y-%m}",
                names[line.member_id],
                line.position.job_title,
                line.percent,
                _euros(line.amount_cents),
            ]
        )
    return response


@login_required
def true_up(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    group = get_object_or_404(Structure, slug=slug)
    _month(year, 1)
    manager = manages_group(request.user, group.pk)
    mine = set(member_structures(request.user, group.pk))
    if not manager and not mine:
        raise Http404("Régularisation inconnue.")
    balances = {m: t for m, t in year_true_up(group, year).items() if manager or m in mine}
    names = dict(Structure.objects.filter(pk__in=balances).values_list("pk", "name"))
    rows = [
        (names[m], _euros(t.billed_cents), _euros(t.actual_cents), _euros(t.balance_cents), t.balance_cents)
        for m, t in sorted(balances.items(), key=lambda item: names[item[0]])
    ]
    return render(request, "www/pooling/true_up.html", {"group": group, "year": year, "rows": rows})
