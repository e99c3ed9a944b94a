"""What the contribution pages share: refusals in French, absolute links, service errors on forms."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Model fields whose form field has another name.
_FORM_NAMES = {"commune_id": "commune"}


def forbidden(request: HttpRequest, error: PermissionDenied | str) -> HttpResponse:
    """Render the 403 page with the reason, in French."""
    reason = str(error) or "Vous n'avez pas accès à cette page."
    return render(request, "www/contributions/forbidden.html", {"reason": reason}, status=403)


def site_url(request: HttpRequest) -> str:
    """Return the site's address, for the links of e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation errors next to the form's fields, the others above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = _FORM_NAMES.get(name, name)
        for message in errors:
            form.add_error(field if field in form.fields and field != "siret" else None, message)
