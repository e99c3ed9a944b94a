"""The moderation queue, one request's page, and the decisions: accept, correct then accept, refuse."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from maillage.concurrency.forms import VersionField
from maillage.concurrency.versions import StaleWriteError
from maillage.contributions.decisions import (
    change_request_accept,
    change_request_refuse,
    change_request_withdraw,
)
from maillage.contributions.enums import RequestKind
from maillage.contributions.forms import CreationForm, ProfileForm, RefusalForm, commune_display
from maillage.contributions.models import ChangeRequest
from maillage.contributions.permissions import may_decide, may_view
from maillage.contributions.proposals import Describer, DiffRow, profile_values
from maillage.contributions.review_context import CardContext, card_contexts
from maillage.contributions.selectors import change_request_get, moderation_queue
from maillage.contributions.source_changes import source_changes_to_review
from maillage.search.params import page_number
from maillage.territories.models import Territory
from maillage.www.contributions.common import add_service_errors, forbidden, site_url
from maillage.www.contributions.source_changes import source_change_items

PAGE_SIZE = 20
MAX_SOURCE_CHANGES = 100


@dataclass
class Item:
    request: ChangeRequest
    rows: list[DiffRow]
    context: CardContext | None = None


def _items(requests: list[ChangeRequest], *, with_context: bool = True) -> list[Item]:
    """Pair each request with its diff and its context, names and context looked up once for all."""
    currents = {
        r.pk: profile_values(r.structure) if r.kind == RequestKind.EDIT and r.structure else {}
        for r in requests
    }
    describer = Describer([*(r.proposed for r in requests), *currents.values()])
    contexts = card_contexts(requests) if with_context else {}
    return [Item(r, describer.rows(currents[r.pk], r.proposed), contexts.get(r.pk)) for r in requests]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Render the pending requests the user decides, oldest first."""
    page = Paginator(moderation_queue(request.user), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    # What sources now say of fields people set: few, listed whole beside the requests.
    changes = source_change_items(list(source_changes_to_review(request.user)[:MAX_SOURCE_CHANGES]))
    context = {
        "page": page,
        "items": _items(list(page.object_list)),
        "refusal_form": RefusalForm(),
        "source_changes": changes,
    }
    return render(request, "www/contributions/moderation.html", context)


def _get(pk: int) -> ChangeRequest:
    try:
        return change_request_get(pk)
    except ChangeRequest.DoesNotExist as error:
        raise Http404("Demande inconnue.") from error


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Render one request for its author and those who decide it; take a decision on POST."""
    change = _get(pk)
    if not may_view(request.user, change):
        return forbidden(
            request,
            "Cette demande ne vous concerne pas : seuls son auteur et les personnes qui en décident "
            "la voient.",
        )
    refusal_form = RefusalForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                change_request_accept(request=change, moderator=request.user, site_url=site_url(request))
                messages.success(request, "La demande est acceptée ; son auteur en est prévenu.")
                return redirect("contributions:moderation")
            if action == "refuse":
                refusal_form = RefusalForm(request.POST)
                if refusal_form.is_valid():
                    change_request_refuse(
                        request=change,
                        moderator=request.user,
                        message=refusal_form.cleaned_data["decision_message"],
                        site_url=site_url(request),
                    )
                    messages.success(request, "La demande est refusée ; son auteur reçoit votre message.")
                    return redirect("contributions:moderation")
            elif action == "withdraw":
                change_request_withdraw(request=change, user=request.user)
                messages.success(request, "Votre demande est retirée.")
                return redirect("contributions:request", pk=change.pk)
            else:
                messages.error(request, "Action inconnue.")
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        change = _get(pk)
    decides = may_decide(request.user, change)
    context = {
        # The context (managers' names, look-alikes) is for those who decide, not for the author.
        "item": _items([change], with_context=decides)[0],
        "change": change,
        "decides": decides,
        "is_author": change.author_id == request.user.pk,
        "refusal_form": refusal_form,
    }
    return render(
        request, "www/contributions/request.html", context, status=400 if request.method == "POST" else 200
    )


def _review_initial(change: ChangeRequest) -> dict[str, object]:
    """Return the proposal over the current profile, as the correction form shows it."""
    base = profile_values(change.structure) if change.kind == RequestKind.EDIT and change.structure else {}
    values = {**base, **change.proposed}
    commune = Territory.objects.filter(pk=values.get("commune") or None).first()
    return {**values, "commune": commune_display(commune)}


def _review_form(change: ChangeRequest, data: Any, initial: dict[str, object]) -> ProfileForm:
    """Return the correction form; an edit carries the structure's version the form was filled from."""
    form = (
        CreationForm(data, initial=initial)
        if change.kind == RequestKind.CREATE
        else ProfileForm(data, initial=initial)
    )
    # The author's message is theirs: the moderator corrects the values only.
    form.fields.pop("message", None)
    if change.kind == RequestKind.EDIT and change.structure is not None:
        form.fields["structure_version"] = VersionField(required=False)
        form.initial.setdefault("structure_version", change.structure.version)
    return form


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Render the proposal in an editable form; accept the corrected version on POST."""
    change = _get(pk)
    if not change.is_correctable:
        raise Http404("Cette demande s'accepte ou se refuse telle quelle.")
    if not may_decide(request.user, change):
        return forbidden(request, "Vous ne pouvez pas décider de cette demande.")
    if not change.is_pending:
        messages.error(request, "Cette demande a déjà été traitée.")
        return redirect("contributions:request", pk=change.pk)
    initial = _review_initial(change)
    is_creation = change.kind == RequestKind.CREATE
    data = request.POST if request.method == "POST" else None
    form = _review_form(change, data, initial)
    if form.is_bound and form.is_valid():
        try:
            change_request_accept(
                request=change,
                moderator=request.user,
                values=form.values(),
                site_url=site_url(request),
                structure_version=form.cleaned_data.get("structure_version"),
            )
        except PermissionDenied as error:
            return forbidden(request, error)
        except StaleWriteError as error:
            # The record changed while the moderator corrected: keep their values, at its new version.
            fresh = _get(pk)
            again = request.POST.copy()
            again["structure_version"] = str(fresh.structure.version if fresh.structure else "")
            form = _review_form(fresh, again, initial)
            form.is_valid()
            form.add_error(None, f"{error.message} Vérifiez la fiche, puis acceptez de nouveau.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "La demande est acceptée avec vos corrections ; son auteur en est prévenu."
            )
            return redirect("contributions:moderation")
    context = {"change": change, "form": form, "is_creation": is_creation}
    return render(request, "www/contributions/review.html", context, status=400 if form.is_bound else 200)
