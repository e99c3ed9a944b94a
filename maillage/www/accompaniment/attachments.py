"""Pages of a case's documents: deposit one, download it (its readers only), withdraw it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from maillage.accompaniment.attachments import (
    AttachmentTooLargeError,
    AttachmentTypeError,
    attachment_add,
    attachment_withdraw,
)
from maillage.accompaniment.enums import CaseAction
from maillage.accompaniment.models import Attachment
from maillage.accompaniment.sharing import case_read
from maillage.memberships.rules import can
from maillage.www.accompaniment.views import _case_or_404, attachment_form, case_detail


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document; a refused type answers 415, a file too heavy 413, with the reason in French."""
    case = _case_or_404(pk)
    if not can(request.user, CaseAction.EDIT, case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure déposent des pièces.")
    form = attachment_form(case, request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        chosen = data["intervention"]
        intervention = case.interventions.filter(pk=int(chosen)).first() if chosen else None
        try:
            attachment_add(
                case=case,
                actor=request.user,
                upload=data["file"],
                kind=data["kind"],
                intervention=intervention,
            )
        except AttachmentTooLargeError as error:
            form.add_error("file", error.messages)
            status = 413
        except AttachmentTypeError as error:
            form.add_error("file", error.messages)
            status = 415
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Pièce déposée.")
            return redirect("accompaniment:case", pk=pk)
    return case_detail(request, pk, bound={"piece": form}, status=status)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Send a document to one who may read it, as a download; a read from outside the body is logged."""
    attachment = Attachment.objects.select_related("case", "intervention").filter(pk=pk).first()
    if attachment is None or attachment.withdrawn_at is not None:
        raise Http404("Pièce inconnue ou retirée.")
    if not can(request.user, "view", attachment):
        raise PermissionDenied("Cette pièce d'un accompagnement est confidentielle.")
    try:
        stream = attachment.file.open("rb")
    except FileNotFoundError as error:  # the private folder lost it (a restore without it): say so, no 500
        raise Http404(
            "Le fichier de cette pièce est introuvable ; l'équipe du site peut le restaurer."
        ) from error
    case_read(case=attachment.case, user=request.user)
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.title,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a document: hidden from the case, kept with its file."""
    attachment = Attachment.objects.select_related("case").filter(pk=pk).first()
    if attachment is None:
        raise Http404("Pièce inconnue.")
    if not can(request.user, "withdraw", attachment):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure retirent une pièce.")
    try:
        attachment_withdraw(attachment=attachment, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Pièce « {attachment.title} » retirée.")
    return redirect("accompaniment:case", pk=attachment.case_id)
