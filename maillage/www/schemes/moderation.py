"""/dispositifs/a-moderer/: the submitted schemes and the imported changes a moderator decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.concurrency.forms import VersionField
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.schemes.enums import SchemeStatus
from maillage.schemes.models import Scheme, SchemeReview
from maillage.schemes.selectors import may_moderate_some, reviews_to_moderate, schemes_to_moderate
from maillage.schemes.services import scheme_review_decide, scheme_set_status
from maillage.search.params import page_number
from maillage.www.schemes.edit import forbidden

PAGE_SIZE = 20
MAX_REVIEWS = 100
# What a moderator decides on a submitted scheme: publish it, or send it back to its porteurs as a draft.
DECISIONS = {"publier": SchemeStatus.PUBLISHED, "renvoyer": SchemeStatus.DRAFT}
NOT_A_MODERATOR = (
    "Cette page est celle des modérateurs des dispositifs (coordinateurs de réseau ou de territoire)."
)


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str


def _label(name: str) -> str:
    if name == "porteurs":
        return "Porteurs"
    try:
        field = Scheme._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def _say(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v.get("nom", v) if isinstance(v, dict) else v) for v in value)
    return "" if value is None else str(value)


def change_rows(review: SchemeReview) -> list[ChangeRow]:
    """Pair each field an import proposes with the scheme's value now."""
    scheme = review.scheme
    return [
        ChangeRow(
            label=_label(name),
            before=_say(getattr(scheme, name, None)) if name != "porteurs" else "",
            after=_say(value),
        )
        for name, value in review.changes.items()
    ]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Render the submitted schemes and the pending imported changes in the moderator's scope."""
    if not may_moderate_some(request.user):
        return forbidden(request, NOT_A_MODERATOR)
    return _render_queue(request)


def _render_queue(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    """Render the queue, with the reason a decision was refused (answered with its 4xx status)."""
    page = Paginator(schemes_to_moderate(request.user), PAGE_SIZE).get_page(
        page_number(request.GET.get("page"))
    )
    reviews = list(reviews_to_moderate(request.user)[:MAX_REVIEWS])
    context = {
        "page": page,
        "schemes": list(page.object_list),
        "reviews": [(review, change_rows(review)) for review in reviews],
        "error": error,
    }
    return render(request, "www/schemes/moderation.html", context, status=status)


@login_required
@require_POST
def decide_scheme(request: HttpRequest, uid: Any) -> HttpResponse:
    """Publish a submitted scheme, or send it back to its porteurs as a draft."""
    scheme = Scheme.objects.filter(uid=uid).prefetch_related("porteurs").first()
    if scheme is None:
        raise Http404("Dispositif inconnu.")
    if not can(request.user, "moderate", scheme):
        return forbidden(request, NOT_A_MODERATOR)
    target = DECISIONS.get(request.POST.get("decision", ""))
    if target is None:
        return _render_queue(
            request, error="Choisissez de publier le dispositif ou de le renvoyer à ses porteurs.", status=400
        )
    try:
        version = VersionField().clean(request.POST.get("version"))
        scheme_set_status(scheme=scheme, status=target, actor=request.user, expected_version=version)
    except StaleWriteError:
        said = f"« {scheme.title} » a changé depuis l'ouverture de cette page : relisez-le avant de décider."
        return _render_queue(request, error=said, status=409)
    except ValidationError as error:
        return _render_queue(request, error=" ".join(error.messages), status=400)
    said = "est publié" if target == SchemeStatus.PUBLISHED else "est renvoyé à ses porteurs"
    messages.success(request, f"« {scheme.title} » {said}.")
    return redirect("schemes:moderation")


@login_required
@require_POST
def decide_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply or set aside the changes an import proposed to a published scheme."""
    review = SchemeReview.objects.select_related("scheme").filter(pk=pk).first()
    if review is None:
        raise Http404("Changements inconnus.")
    if not can(request.user, "moderate", review.scheme):
        return forbidden(request, NOT_A_MODERATOR)
    decision = request.POST.get("decision", "")
    if decision not in {"accepter", "ecarter"}:
        return _render_queue(request, error="Choisissez d'accepter ou d'écarter ces changements.", status=400)
    try:
        scheme_review_decide(review=review, accept=decision == "accepter", actor=request.user)
    except ValidationError as error:
        return _render_queue(request, error=" ".join(error.messages), status=409)
    said = "appliqués" if decision == "accepter" else "écartés"
    messages.success(request, f"Les changements de « {review.scheme.title} » sont {said}.")
    return redirect("schemes:moderation")
