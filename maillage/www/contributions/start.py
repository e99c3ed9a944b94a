"""/contribuer/: look a SIRET up, then claim the structure that has it or propose to create it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.forms import SiretForm, StructureClaimForm
from maillage.contributions.models import ChangeRequest
from maillage.contributions.permissions import has_managers
from maillage.contributions.proposal_form import ProposalForm
from maillage.contributions.selectors import authored_requests, structure_for_siret, structures_named
from maillage.contributions.submissions import creation_request_create
from maillage.memberships.rules import member_role
from maillage.structures.models import Structure
from maillage.www.contributions.common import add_service_errors, site_url

MAX_NAME_QUERY = 200


def start(request: HttpRequest) -> HttpResponse:
    """Render the SIRET lookup and what follows from it; claim or propose a creation on POST."""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        action = request.POST.get("action")
        if action == "create":
            return _create(request)
        return render(request, "www/contributions/start.html", _context(request, SiretForm()), status=400)
    siret_form = SiretForm(request.GET if "siret" in request.GET else None)
    context = _context(request, siret_form)
    context.update(name_search_context(request))
    if siret_form.is_bound and siret_form.is_valid():
        siret = siret_form.cleaned_data["siret"]
        structure = structure_for_siret(siret)
        if structure is not None:
            context.update(claim_context(request, structure, StructureClaimForm()))
        else:
            context["creation_form"] = ProposalForm(initial={"siret": siret, "kind": Structure().kind})
            context["siret"] = siret
    status = 400 if siret_form.is_bound and not siret_form.is_valid() else 200
    return render(request, "www/contributions/start.html", context, status=status)


def name_search_context(request: HttpRequest) -> dict[str, object]:
    """Return what the name search of /contribuer/ shows: the words typed and the records found."""
    typed = request.GET.get("nom", "")[:MAX_NAME_QUERY].strip()
    if not typed:
        return {"name_query": ""}
    return {"name_query": typed, "named_structures": structures_named(typed)}


def _context(request: HttpRequest, siret_form: SiretForm) -> dict[str, object]:
    return {"siret_form": siret_form, "my_requests": authored_requests(request.user)}


def claim_context(request: HttpRequest, structure: Structure, form: forms.Form) -> dict[str, object]:
    """Return what a claim card shows: the structure, the form, who will review, what the user holds."""
    user = request.user
    pending = (
        user.is_authenticated
        and ChangeRequest.objects.filter(
            kind=RequestKind.CLAIM, structure=structure, author=user, status=RequestStatus.PENDING
        ).exists()
    )
    return {
        "structure": structure,
        "claim_form": form,
        "has_managers": has_managers(structure.pk),
        "role": member_role(user, structure) if user.is_authenticated else None,
        "pending_claim": pending,
    }


def _create(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            creation = creation_request_create(
                author=request.user,
                values=form.values(),
                message=form.cleaned_data["message"],
                site_url=site_url(request),
                distinct_from=form.look_alike_ids() if form.cleaned_data.get("not_same") else (),
                networks=form.declared_networks(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Votre proposition de création est enregistrée : "
                "les coordinateurs du territoire vont l'examiner.",
            )
            return redirect("contributions:request", pk=creation.pk)
    siret = form.data.get("siret", "")
    context = _context(request, SiretForm(initial={"siret": siret}))
    context.update(creation_form=form, siret=form.cleaned_data.get("siret", siret))
    return render(request, "www/contributions/start.html", context, status=400)
