"""Find one's structure by its name and claim its record, whether it has a SIRET or not."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from maillage.contributions.forms import StructureClaimForm
from maillage.contributions.permissions import has_managers
from maillage.contributions.services import claim_request_create
from maillage.structures.models import Structure
from maillage.www.contributions.common import forbidden, site_url
from maillage.www.contributions.start import claim_context


def claim(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a structure's claim form; record the claim on POST (signing in first, the path kept)."""
    structure = Structure.objects.select_related("commune__departement").filter(slug=slug).first()
    if structure is None:
        raise Http404("Aucune structure n'a cette adresse.")
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = StructureClaimForm(request.POST)
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
    form = StructureClaimForm()
    return render(request, "www/contributions/claim.html", claim_context(request, structure, form))
