"""Find one's structure by its name and claim its record, whether it has a SIRET or not."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from maillage.contributions.forms import StructureClaimForm
from maillage.contributions.permissions import has_managers
from maillage.contributions.submissions import claim_request_create
from maillage.structures.models import Structure
from maillage.www.contributions.common import forbidden, site_url
from maillage.www.contributions.start import claim_context

# Session key of a claim's message typed before logging in, per structure.
DRAFT_PREFIX = "claim_draft_"


def claim(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a structure's claim form; record the claim on POST (signing in first, the path kept)."""
    structure = Structure.objects.select_related("commune__departement").filter(slug=slug).first()
    if structure is None:
        raise Http404("Aucune structure n'a cette adresse.")
    draft_key = f"{DRAFT_PREFIX}{structure.pk}"
    if request.method == "POST":
        form = StructureClaimForm(request.POST)
        if not request.user.is_authenticated:
            return _sign_in_first(request, form, draft_key)
        if form.is_valid():
            try:
                created = claim_request_create(
                    author=request.user,
                    structure=structure,
                    message=form.cleaned_data["message"],
                    site_url=site_url(request),
                )
            except PermissionDenied as error:
                return forbidden(request, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session.pop(draft_key, None)
                messages.success(
                    request,
                    "Votre revendication est enregistrée : "
                    + (
                        "les gestionnaires actuels de la structure vont l'examiner."
                        if has_managers(structure.pk)
                        else "les coordinateurs de son réseau ou de son territoire vont l'examiner."
                    ),
                )
                return redirect("contributions:request", pk=created.pk)
        context = claim_context(request, structure, form)
        return render(request, "www/contributions/claim.html", context, status=400)
    # The message typed before signing in or up comes back with the person (kept in her session).
    form = StructureClaimForm(initial={"message": request.session.get(draft_key, "")})
    return render(request, "www/contributions/claim.html", claim_context(request, structure, form))


def _sign_in_first(request: HttpRequest, form: StructureClaimForm, draft_key: str) -> HttpResponse:
    """Keep the message typed, then send the visitor to log in or sign up, back here afterwards."""
    if form.is_valid() and form.cleaned_data["message"]:
        request.session[draft_key] = form.cleaned_data["message"]
    if request.POST.get("compte") == "creer":
        return redirect(f"{reverse('accounts:signup')}?{urlencode({'next': request.path})}")
    return redirect_to_login(request.path)
