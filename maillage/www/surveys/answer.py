"""Answering a campaign for a structure: the questionnaire by theme, prefilled when revising."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format

from maillage.concurrency.versions import StaleWriteError
from maillage.structures.models import Structure
from maillage.surveys import services
from maillage.surveys.enums import CampaignStatus
from maillage.surveys.selectors import answering_structure, response_for
from maillage.www.surveys.forms import AnswerForm, initial_answers
from maillage.www.surveys.views import campaign_or_404, forbidden

STALE_ANSWERS = (
    "Quelqu'un d'autre a enregistré les réponses de cette structure pendant que vous répondiez : rien "
    "n'a été enregistré. Vos réponses sont gardées ci-dessous ; relisez la réponse enregistrée depuis "
    "la page de l'enquête, ou renvoyez ce formulaire pour la remplacer par la vôtre."
)


@login_required
def campaign_answer(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    try:
        structure = answering_structure(slug)
    except Structure.DoesNotExist as error:
        raise Http404("Structure inconnue.") from error
    try:
        services.check_can_answer(user=request.user, campaign=campaign, structure=structure)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    if campaign.status == CampaignStatus.DRAFT:
        return forbidden(request, "L'enquête n'est pas encore ouverte.")
    response = response_for(campaign, structure)
    read_only = campaign.is_closed
    status = 200
    if request.method == "POST":
        if read_only:
            return forbidden(request, "L'enquête est close : les réponses ne peuvent plus être modifiées.")
        form = AnswerForm(request.POST, campaign=campaign)
        status = 400
        if form.is_valid():
            try:
                services.response_submit(
                    user=request.user,
                    campaign=campaign,
                    structure=structure,
                    answers=form.answers(),
                    free_text=form.free_texts(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except StaleWriteError:
                # Keep what the person typed, at the version now saved, and say why nothing was saved.
                response = response_for(campaign, structure)
                data = request.POST.copy()
                data["version"] = str(response.version if response else 0)
                form = AnswerForm(data, campaign=campaign)
                form.is_valid()
                form.add_error(None, STALE_ANSWERS)
                status = 409
            except PermissionDenied as error:
                return forbidden(request, str(error))
            except ValidationError as error:
                form.add_model_errors(error)
            else:
                closes_on = date_format(campaign.closes_on, "j F Y")
                messages.success(
                    request,
                    f"La réponse de {structure.name} est enregistrée. Vous pouvez la modifier jusqu'au "
                    f"{closes_on} inclus.",
                )
                return redirect(campaign)
    else:
        initial = initial_answers(response.answers, response.free_text) if response else {}
        initial["version"] = response.version if response else 0
        form = AnswerForm(initial=initial, campaign=campaign, read_only=read_only)
    return render(
        request,
        "www/surveys/answer.html",
        {
            "campaign": campaign,
            "structure": structure,
            "response": response,
            "form": form,
            "read_only": read_only,
        },
        status=status,
    )
