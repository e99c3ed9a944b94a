"""A structure's history, public, and the revert of one of its revisions by a coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from maillage.history.revert import revision_revert
from maillage.history.selectors import merged_into, revision_list, revision_of, structure_by_slug
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.search.params import page_number
from maillage.structures.models import Structure
from maillage.www.history.display import entries

PAGE_SIZE = 30


def _structure(slug: str) -> Structure | HttpResponsePermanentRedirect:
    structure = structure_by_slug(slug)
    if structure is not None:
        return structure
    into = merged_into(slug)
    if into is None:
        raise Http404(f"Structure inconnue : {slug}")
    return HttpResponsePermanentRedirect(reverse("history:list", kwargs={"slug": into.slug}))


def refused(request: HttpRequest, reason: str, *, title: str = "Action non autorisée") -> HttpResponse:
    """Render a 403 page that says why, in French."""
    return render(request, "www/history/refused.html", {"title": title, "reason": reason}, status=403)


def history_list(request: HttpRequest, slug: str) -> HttpResponse:
    """List the changes of a structure's record, newest first, with a revert button for its coordinators."""
    structure = _structure(slug)
    if isinstance(structure, HttpResponse):
        return structure
    user = request.user
    can_revert = can(user, Action.MODERATE, structure)
    sees_people = can_revert or can(user, Action.VIEW_HISTORY, structure)
    page = Paginator(revision_list(structure), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    context = {
        "structure": structure,
        "page": page,
        "entries": entries(
            list(page),
            sees_people=sees_people,
            sees_emails=can_revert,
            can_revert=can_revert,
            sees_contacts=can(user, Action.VIEW_PAST_CONTACTS, structure),
        ),
        "can_revert": can_revert,
    }
    return render(request, "www/history/list.html", context)


@require_POST
def history_revert(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Undo one revision, then return to the history with what happened."""
    structure = _structure(slug)
    if isinstance(structure, HttpResponse):
        return structure
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("history:list", kwargs={"slug": slug}))
    revision = revision_of(structure, pk)
    if revision is None:
        raise Http404("Cette modification n'appartient pas à l'historique de cette structure.")
    try:
        revision_revert(revision=revision, actor=request.user)
    except PermissionDenied as error:
        return refused(
            request, str(error) or "Seuls les coordinateurs de cette structure peuvent rétablir une version."
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        moment = formats.date_format(timezone.localtime(revision.created_at), "j F Y à H:i")
        messages.success(request, f"La version d'avant la modification du {moment} est rétablie.")
    return redirect("history:list", slug=structure.slug)
