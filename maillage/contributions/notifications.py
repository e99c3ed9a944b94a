"""E-mails of contributions: a new request to those who decide it, a decision to its author."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse

from maillage.accounts.emails import send_after_commit
from maillage.contributions.enums import RequestStatus
from maillage.contributions.models import ChangeRequest
from maillage.contributions.proposals import DiffRow
from maillage.contributions.reviewers import direct_deciders, review_route


def deciders_of(request: ChangeRequest) -> QuerySet[Any]:
    """Return the active people told of a new request; administrators when nobody else decides it."""
    found = direct_deciders(request)
    return found if found.exists() else get_user_model().objects.filter(is_active=True, is_superuser=True)


def notify_new_request(request: ChangeRequest, *, site_url: str) -> None:
    """Tell those who decide a request that it waits for them, once the transaction commits."""
    send_after_commit(
        to=list(deciders_of(request).values_list("email", flat=True)),
        subject=f"{request.get_kind_display()} à examiner : {request.subject}",
        template="emails/contributions_request_new.txt",
        context={
            "request": request,
            "url": site_url + reverse("contributions:request", args=[request.pk]),
            "reason": review_route(request).reason,
        },
    )


def notify_decision(request: ChangeRequest, *, site_url: str, corrections: Sequence[DiffRow] = ()) -> None:
    """Tell the author what was decided about the request, and what a correction made of it."""
    if request.author is None:
        return
    verdict = "acceptée" if request.status == RequestStatus.ACCEPTED else "refusée"
    if corrections:
        verdict = "acceptée avec des corrections"
    send_after_commit(
        to=[request.author.email],
        subject=f"Votre demande a été {verdict} : {request.subject}",
        template="emails/contributions_decision.txt",
        context={
            "request": request,
            "verdict": verdict,
            "corrections": list(corrections),
            "url": site_url + reverse("contributions:request", args=[request.pk]),
            "structure_url": (
                site_url + reverse("structures:detail", kwargs={"slug": request.structure.slug})
                if request.structure is not None and request.status == RequestStatus.ACCEPTED
                else ""
            ),
        },
    )
