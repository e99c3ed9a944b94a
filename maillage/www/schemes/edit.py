"""/dispositifs/<uid>/modifier/ and /soumettre/: the porteurs' managers (and moderators) edit and submit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from maillage.concurrency.forms import VersionField
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.rules import can
from maillage.schemes.enums import SchemeStatus
from maillage.schemes.models import Scheme
from maillage.schemes.selectors import scheme_for_page
from maillage.schemes.services import scheme_set_status, scheme_update
from maillage.www.schemes.forms import EDITED, SchemeForm, scheme_values

STALE_MESSAGE = (
    "Quelqu'un a modifié ce dispositif pendant que vous le modifiiez : rien n'a été enregistré. "
    "Comparez ci-dessous vos valeurs et celles enregistrées entre-temps ; le formulaire garde votre "
    "saisie, renvoyez-le pour enregistrer vos valeurs."
)


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    saved: str
    by: str


def forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    """Render the 403 page of the catalogue with its reason, in French."""
    return render(request, "www/schemes/forbidden.html", {"reason": reason}, status=403)


def _scheme(uid: Any) -> Scheme:
    scheme = scheme_for_page(uid)
    if scheme is None:
        raise Http404("Dispositif inconnu.")
    return scheme


@login_required
def edit(request: HttpRequest, uid: Any) -> HttpResponse:
    """Render the scheme's form; write the changed fields on POST, at the version the form was read at."""
    scheme = _scheme(uid)
    if not can(request.user, "edit", scheme):
        return forbidden(
            request, "Seuls les gestionnaires des porteurs et leurs modérateurs modifient ce dispositif."
        )
    initial = {**scheme_values(scheme), "version": scheme.version}
    if request.method != "POST":
        return _render(request, scheme, SchemeForm(initial=initial))
    form = SchemeForm(request.POST, initial=initial)
    if not form.is_valid():
        return _render(request, scheme, form, status=400)
    changes = form.changes(scheme)
    if not changes and form.cleaned_data["version"] == scheme.version:
        messages.info(request, "Rien n'a changé : le dispositif indique déjà ces informations.")
        return redirect("schemes:edit", uid=scheme.uid)
    try:
        scheme_update(
            scheme=scheme, actor=request.user, expected_version=form.cleaned_data["version"], **changes
        )
    except StaleWriteError:
        return _render_conflict(request, uid, form)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render(request, scheme, form, status=400)
    messages.success(request, "Le dispositif est modifié.")
    return redirect("schemes:edit", uid=scheme.uid)


@login_required
@require_POST
def submit(request: HttpRequest, uid: Any) -> HttpResponse:
    """Send a draft to its moderators (draft → submitted)."""
    scheme = _scheme(uid)
    if not can(request.user, "submit", scheme):
        return forbidden(request, "Seuls les gestionnaires des porteurs soumettent ce dispositif.")
    try:
        version = VersionField().clean(request.POST.get("version"))
        scheme_set_status(
            scheme=scheme, status=SchemeStatus.SUBMITTED, actor=request.user, expected_version=version
        )
    except StaleWriteError:
        return _render_conflict(request, uid, None)
    except ValidationError as error:
        form = SchemeForm(initial={**scheme_values(scheme), "version": scheme.version})
        return _render(request, scheme, form, status=400, errors=error.messages)
    messages.success(request, "Le dispositif est soumis : ses modérateurs le publieront après relecture.")
    return redirect("schemes:edit", uid=scheme.uid)


def _render(
    request: HttpRequest,
    scheme: Scheme,
    form: SchemeForm,
    *,
    status: int = 200,
    conflict: list[ConflictRow] | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    context = {
        "scheme": scheme,
        "form": form,
        "conflict": conflict,
        "errors": errors or [],
        "may_submit": scheme.status == SchemeStatus.DRAFT and can(request.user, "submit", scheme),
    }
    return render(request, "www/schemes/edit.html", context, status=status)


def _render_conflict(request: HttpRequest, uid: Any, stale: SchemeForm | None) -> HttpResponse:
    """Refuse a stale write with 409: the fields that differ, the person's input kept, at the new version."""
    scheme = _scheme(uid)
    saved = scheme_values(scheme)
    if stale is None:
        form = SchemeForm(initial={**saved, "version": scheme.version})
        errors = ["Quelqu'un a modifié ce dispositif entre-temps : relisez-le avant de le soumettre."]
        return _render(request, scheme, form, status=409, errors=errors)
    data = request.POST.copy()
    data["version"] = str(scheme.version)
    form = SchemeForm(data, initial={**saved, "version": scheme.version})
    form.is_valid()
    saved["geo_codes"] = list(scheme.geo_codes)
    yours = {**saved, **stale.cleaned_data}
    rows = [
        ConflictRow(
            label=str(form.fields[name].label),
            yours=_shown(form, name, yours.get(name)),
            saved=_shown(form, name, saved.get(name)),
            by=_by(scheme.field_sources.get(name)),
        )
        for name in EDITED
        if _comparable(yours.get(name)) != _comparable(saved.get(name))
    ]
    form.add_error(None, STALE_MESSAGE)
    return _render(request, scheme, form, status=409, conflict=rows)


def _comparable(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v) for v in value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _shown(form: SchemeForm, name: str, value: Any) -> str:
    """Say a value as the page shows it: choices by their labels, dates by day."""
    choices = dict(getattr(form.fields[name], "choices", ()) or ())
    if isinstance(value, list):
        return ", ".join(str(choices.get(v, v)) for v in value)
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _by(entry: dict[str, Any] | None) -> str:
    """Say who wrote a field last, from its provenance: a person of the site or an import."""
    if not entry:
        return ""
    when = entry.get("at", "")
    if entry.get("kind") == "import":
        return f"import « {entry.get('source', '')} », le {when}"
    return f"une personne du site, le {when}"
