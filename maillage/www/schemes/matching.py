"""/structures/<slug>/dispositifs/: the schemes a structure may use, each criterion explained.

Unknowns become questions; an answer updates the record through the directory's services, with the
person as its provenance, and the explanation is computed again.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from maillage.concurrency.versions import StaleWriteError
from maillage.history.enums import Via
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.schemes.matching import match_structure
from maillage.search.params import ParameterError, parse_positive_int
from maillage.structures.enums import DatePrecision, HeadcountBand
from maillage.structures.models import Structure
from maillage.structures.selectors import structure_get
from maillage.structures.services import structure_update

QUESTIONS = {
    "founded_on": "En quel mois la structure a-t-elle été créée ?",
    "headcount_band": "Combien de salariés la structure emploie-t-elle ?",
}
MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _structure(request: HttpRequest, slug: str) -> Structure:
    try:
        structure = structure_get(slug)
    except Structure.DoesNotExist:
        raise Http404("Structure inconnue.") from None
    # Members, and the coordinators and support officers whose perimeter holds the structure.
    if not can(request.user, Action.EDIT, structure):
        raise Http404("Structure inconnue.")
    return structure


@require_http_methods(["GET", "POST"])
def structure_schemes(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    structure = _structure(request, slug)
    status = 200
    if request.method == "POST":
        try:
            _answer(request, structure)
        except StaleWriteError:
            messages.error(
                request, "La fiche a changé entre-temps : voici son état actuel, répondez à nouveau."
            )
            structure = _structure(request, slug)
            status = 409
        except (ValidationError, ParameterError, ValueError) as error:
            text = "; ".join(getattr(error, "messages", [str(error)]))
            messages.error(request, f"Réponse non enregistrée : {text}")
            status = 400
        else:
            messages.success(
                request,
                "Réponse enregistrée sur la fiche ; l'explication tient compte de la nouvelle valeur.",
            )
            return redirect(request.path)
    matching = match_structure(structure)
    context: dict[str, Any] = {
        "structure": structure,
        "matching": matching,
        "questions": [(name, QUESTIONS[name]) for name in matching.questions if name in QUESTIONS],
        "bands": [c for c in HeadcountBand.choices if c[0] != HeadcountBand.UNKNOWN],
    }
    return render(request, "www/schemes/matching.html", context, status=status)


def _answer(request: HttpRequest, structure: Structure) -> None:
    name = request.POST.get("champ", "")
    value = request.POST.get("valeur", "").strip()
    version = parse_positive_int(request.POST.get("version", ""), field="version")
    fields: dict[str, Any]
    if name == "founded_on":
        found = MONTH.match(value)
        if not found:
            raise ValueError("date attendue sous la forme AAAA-MM (par exemple 2024-06).")
        year, month, day = int(found[1]), int(found[2]), int(found[3] or 1)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValueError("cette date n'existe pas.") from None
        precision = DatePrecision.DAY if found[3] else DatePrecision.MONTH
        fields = {"founded_on": date, "founded_on_precision": precision}
    elif name == "headcount_band":
        if value not in HeadcountBand.values:
            raise ValueError("tranche d'effectif inconnue.")
        fields = {"headcount_band": value, "headcount_year": timezone.localdate().year}
    else:
        raise ValueError("question inconnue.")
    structure_update(
        structure=structure,
        expected_version=version,
        actor=request.user,
        via=Via.DIRECT,
        comment="Réponse à une question de l'explication des dispositifs",
        **fields,
    )
