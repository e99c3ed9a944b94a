"""Pages of the needs surveys: the list, a campaign's creation, its page, its close and its invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.search.params import page_number
from maillage.surveys import services
from maillage.surveys.enums import CampaignStatus
from maillage.surveys.models import Campaign
from maillage.surveys.questionnaire import questionnaire
from maillage.surveys.results import min_answers
from maillage.surveys.selectors import (
    answerable_structures,
    campaign_get,
    campaigns_created_by,
    published_campaigns,
    response_count,
    responses_of_structures,
    runnable_scopes,
)
from maillage.www.surveys.forms import CampaignForm

PAGE_SIZE = 20


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    """Render a 403 page that says why, in French."""
    return render(request, "www/surveys/forbidden.html", {"reason": reason}, status=403)


def campaign_or_404(request: HttpRequest, pk: int) -> Campaign:
    """Return a campaign; one in preparation exists only for those who may run it."""
    try:
        campaign = campaign_get(pk)
    except Campaign.DoesNotExist as error:
        raise Http404("Enquête inconnue.") from error
    if campaign.status == CampaignStatus.DRAFT and not can(request.user, Action.RUN_CAMPAIGN, campaign.scope):
        raise Http404("Enquête inconnue.")
    return campaign


def campaign_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(published_campaigns(), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    campaigns = list(page.object_list)
    answerable = answerable_structures(request.user, campaigns)
    territories, networks = runnable_scopes(request.user)
    drafts = [c for c in campaigns_created_by(request.user) if c.status == CampaignStatus.DRAFT]
    return render(
        request,
        "www/surveys/list.html",
        {
            "page": page,
            "rows": [(c, answerable.get(c.pk, [])) for c in campaigns],
            "drafts": drafts,
            "may_create": bool(territories or networks or request.user.is_superuser),
            "min_answers": min_answers(),
        },
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    territories, networks = runnable_scopes(request.user)
    if not (territories or networks or request.user.is_superuser):
        return forbidden(request, "Seules les coordinations de territoire ou de réseau mènent des enquêtes.")
    form = CampaignForm(request.POST or None, territories=territories, networks=networks)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaign = services.campaign_create(
                    user=request.user,
                    title=data["title"],
                    description=data["description"],
                    scope=data["scope_object"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    extra_questions=data["extra_questions"],
                )
            except PermissionDenied as error:
                field = "other_territory" if data.get("other_territory") else "scope"
                form.add_error(field, f"{error} Vous ne coordonnez pas ce territoire ou ce réseau.")
                status = 403
            except ValidationError as error:
                form.add_model_errors(error)
            else:
                messages.success(request, "L'enquête est créée.")
                return redirect(campaign)
    return render(request, "www/surveys/create.html", {"form": form}, status=status)


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    coordinator = can(request.user, Action.RUN_CAMPAIGN, campaign.scope)
    structures = answerable_structures(request.user, [campaign], open_only=False).get(campaign.pk, [])
    responses = responses_of_structures(campaign, structures)
    return render(
        request,
        "www/surveys/detail.html",
        {
            "campaign": campaign,
            "coordinator": coordinator,
            "answer_count": response_count(campaign) if coordinator else None,
            "structures": [(s, responses.get(s.pk)) for s in structures],
            "themes": questionnaire(campaign.questionnaire_version).themes,
            "min_answers": min_answers(),
        },
    )


@require_POST
@login_required
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    try:
        services.campaign_close(user=request.user, campaign=campaign)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    messages.success(request, "L'enquête est close : les réponses ne peuvent plus être modifiées.")
    return redirect(campaign)


@require_POST
@login_required
def campaign_invite(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    url = request.build_absolute_uri(reverse("surveys:detail", kwargs={"pk": campaign.pk}))
    try:
        sent = services.campaign_invite(user=request.user, campaign=campaign, answer_url=url)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(campaign.get_absolute_url())
    if sent:
        plural = "s" if sent > 1 else ""
        messages.success(
            request,
            f"Invitation{plural} en cours d'envoi à {sent} personne{plural} : "
            "les messages partent en arrière-plan dans les minutes qui viennent.",
        )
    else:
        messages.info(
            request, "Aucun membre d'une structure du périmètre n'a de compte : personne à inviter."
        )
    return redirect(campaign)
