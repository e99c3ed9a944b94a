"""Decide what a source now says of a field a person set: accept it, or keep the record's value."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from maillage.contributions.source_changes import (
    ChangeRow,
    change_rows,
    change_title,
    group_label,
    source_change_accept,
    source_change_keep,
)
from maillage.structures.models import SourceChange
from maillage.www.contributions.common import forbidden


@dataclass
class SourceChangeItem:
    change: SourceChange
    title: str
    field: str
    rows: list[ChangeRow]


def source_change_items(changes: list[SourceChange]) -> list[SourceChangeItem]:
    """Pair each pending change with its title and the rows a person compares."""
    return [SourceChangeItem(c, change_title(c), group_label(c), change_rows(c)) for c in changes]


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or keep, then go back to the page the form was on (the record or the moderation queue)."""
    action = request.POST.get("action", "")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    try:
        if action == "accept":
            source_change_accept(change_id=pk, actor=request.user)
            messages.success(request, "La valeur de la source est appliquée ; l'historique le note.")
        elif action == "keep":
            source_change_keep(change_id=pk, actor=request.user)
            messages.success(
                request,
                "Votre valeur est gardée ; elle ne vous sera reproposée que si la source change encore.",
            )
        else:
            messages.error(request, "Action inconnue : choisissez « Accepter » ou « Garder ma valeur ».")
    except PermissionDenied as error:
        return forbidden(request, error)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back or "contributions:moderation")
