"""A body's own settings page: when its follow-up checkpoints fall due."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from maillage.accompaniment.models import Body
from maillage.accompaniment.services import body_update
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.memberships.services import is_staff
from maillage.www.accompaniment.forms import CheckpointMonthsForm


def _months(body: Body) -> str:
    return ", ".join(str(m) for m in body.checkpoint_months)


@login_required
def checkpoint_months(request: HttpRequest, body_pk: int) -> HttpResponse:
    """Show and change a body's checkpoint months; a stale version answers 409 with the other change."""
    body = get_object_or_404(Body.objects.select_related("structure"), pk=body_pk)
    if not (is_staff(request.user) or can(request.user, "open_case", body)):
        raise PermissionDenied(
            "Seul·es les chargé·es d'accompagnement de la structure règlent ses points de suivi."
        )
    status, current = 200, None
    if request.method == "POST":
        form = CheckpointMonthsForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                body_update(
                    body=body, actor=request.user, expected_version=form.cleaned_data["version"],
                    checkpoint_months=form.cleaned_data["months"],
                )  # fmt: skip
            except StaleWriteError as error:
                form.add_error(None, error)
                current = Body.objects.get(pk=body.pk)
                status = 409
            except ValidationError as error:
                form.add_error("months", error.messages)
            else:
                messages.success(
                    request, "Points de suivi enregistrés : ils valent pour les diagnostics à venir."
                )
                return redirect("accompaniment:body_checkpoints", body_pk=body.pk)
    else:
        form = CheckpointMonthsForm(initial={"version": body.version, "months": _months(body)})
    context = {
        "body": body,
        "form": form,
        "current": _months(current) if current is not None else "",
        "current_version": current.version if current is not None else None,
    }
    return render(request, "accompaniment/body_checkpoints.html", context, status=status)
