"""The call's exports: every application with its scores for the committee, an anonymised public report."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from maillage.calls.enums import ApplicationState, Decision
from maillage.calls.models import Application, Call
from maillage.calls.scores import OUT_OF, ApplicationScores, rounded, score_table
from maillage.observatory.features import secret_counts
from maillage.structures.enums import EssFamily
from maillage.structures.models import Structure

UNKNOWN_PLACE = "Territoire non renseigné"
NO_DISCIPLINE = "Discipline non renseignée"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    # French spreadsheets read a decimal comma.
    return str(value).replace(".", ",") if isinstance(value, Decimal | float) else value


def _line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([_cell(v) for v in values])
    return buffer.getvalue()


def applications_csv(call: Call) -> Iterator[str]:
    """Yield the CSV (semicolon, UTF-8 with its mark) of every application: scores, spread, decision."""
    criteria = list(call.criteria.all())
    table = score_table(call, criteria)
    yield "\ufeff"
    yield _line(
        [
            *(
                "numéro",
                "accusé de réception",
                "structure",
                "département",
                "famille de l'ESS",
                "projet",
                "état",
            ),
            *(f"{c.label} (moyenne sur {c.max_score}, poids {c.weight})" for c in criteria),
            *("évaluations rendues", f"note moyenne sur {OUT_OF}", "écart entre évaluateurs"),
            *("décision", "motivation"),
        ]
    )
    applications = (
        Application.objects.filter(call=call)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("structure__commune__departement")
        .order_by("pk")
    )
    for application in applications.iterator(chunk_size=500):
        scores = table.get(application.pk, ApplicationScores())
        commune = application.structure.commune
        departement = getattr(getattr(commune, "departement", None), "name", "")
        yield _line(
            [
                application.pk,
                application.receipt,
                application.structure.name,
                departement,
                application.structure.get_ess_family_display(),
                application.title,
                application.get_state_display(),
                *(rounded(scores.criterion_mean(c.pk)) for c in criteria),
                len(scores.reviews),
                rounded(scores.mean),
                rounded(scores.spread),
                application.get_decision_display(),
                application.justification,
            ]
        )


@dataclass
class CountTable:
    title: str
    # (label, applications, selected): None where the statistical secrecy masks the count.
    rows: list[tuple[str, int | None, int | None]]


def _counts(title: str, applied: Counter[str], selected: Counter[str]) -> CountTable:
    labels = sorted(applied)
    total = ("", "Total", sum(applied.values()))
    applied_rows = secret_counts([total, *((label, label, applied[label]) for label in labels)])
    chosen_total = ("", "Total", sum(selected.values()))
    selected_rows = secret_counts([chosen_total, *((label, label, selected[label]) for label in labels)])
    rows = [(label, a, s) for (_, label, a), (_, _, s) in zip(applied_rows, selected_rows, strict=True)]
    # The total last, as tables read.
    return CountTable(title, [*rows[1:], rows[0]])


@dataclass
class PublicReport:
    call: Call
    tables: list[CountTable]
    selected: list[Application]
    selected_total: int


def public_report(call: Call) -> PublicReport:
    """Count applications and selections by département, discipline and ESS family (secrecy under 5)."""
    applications = list(
        Application.objects.filter(call=call, state=ApplicationState.SUBMITTED).select_related(
            "structure__commune__departement"
        )
    )
    disciplines: dict[int, list[str]] = {}
    for structure_id, name in Structure.disciplines.through.objects.filter(
        structure_id__in=[a.structure_id for a in applications], discipline__parent__isnull=True
    ).values_list("structure_id", "discipline__name"):
        disciplines.setdefault(structure_id, []).append(name)
    families = dict(EssFamily.choices)
    places: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    arts: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    kinds: tuple[Counter[str], Counter[str]] = (Counter(), Counter())
    for application in applications:
        chosen = application.decision == Decision.SELECTED
        departement = getattr(getattr(application.structure.commune, "departement", None), "name", None)
        # A structure of several disciplines counts under its first (alphabetical): totals stay totals.
        art = sorted(disciplines.get(application.structure_id, [])) or [NO_DISCIPLINE]
        family = families.get(application.structure.ess_family, families[EssFamily.UNKNOWN])
        for counters, key in ((places, departement or UNKNOWN_PLACE), (arts, art[0]), (kinds, family)):
            counters[0][key] += 1
            if chosen:
                counters[1][key] += 1
    selected = [a for a in applications if a.decision == Decision.SELECTED]
    return PublicReport(
        call=call,
        tables=[
            _counts("Par département", *places),
            _counts("Par discipline", *arts),
            _counts("Par famille de l'ESS", *kinds),
        ],
        selected=sorted((a for a in selected if a.consent_publication), key=lambda a: a.title),
        selected_total=len(selected),
    )
