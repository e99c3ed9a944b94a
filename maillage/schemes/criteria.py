"""Each eligibility criterion of a scheme, judged against a directory record: met, not met or unknown.

Every verdict says the value it used, where that value comes from and when, what the scheme asks, and,
when not met, when or how it could be (`later`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from maillage.schemes.models import Scheme
from maillage.structures import field_sources
from maillage.structures.enums import DatePrecision, EssFamily, HeadcountBand, StructureKind
from maillage.structures.models import Structure

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
# Employees at each SIRENE band, as (lowest, highest); None: open-ended or unknown.
BANDS: dict[str, tuple[int, int | None]] = {
    HeadcountBand.NONE: (0, 0),
    HeadcountBand.B1_2: (1, 2),
    HeadcountBand.B3_5: (3, 5),
    HeadcountBand.B6_9: (6, 9),
    HeadcountBand.B10_19: (10, 19),
    HeadcountBand.B20_49: (20, 49),
    HeadcountBand.B50_99: (50, 99),
    HeadcountBand.B100_199: (100, 199),
    HeadcountBand.B200_249: (200, 249),
    HeadcountBand.B250_499: (250, 499),
    HeadcountBand.B500_999: (500, 999),
    HeadcountBand.B1000_1999: (1000, 1999),
    HeadcountBand.B2000_4999: (2000, 4999),
    HeadcountBand.B5000_9999: (5000, 9999),
    HeadcountBand.B10000: (10000, None),
}
# INSEE legal category (level III, by prefix) → the schema's names of legal forms.
LEGAL_FORMS = (
    ("92", "Association"),
    ("5498", "EURL"),
    ("54", "SARL"),
    ("5720", "SASU"),
    ("57", "SAS"),
    ("55", "SA"),
    ("56", "SA"),
    ("5202", "SNC"),
    ("5306", "SCS"),
    ("5308", "SCA"),
    ("6533", "GAEC"),
    ("6220", "GIE"),
    ("1", "EI"),
)
ASSOCIATIVE = {EssFamily.ASSOCIATION, EssFamily.FONDATION}
NAF_SECTIONS = (
    ("A", 1, 3), ("B", 5, 9), ("C", 10, 33), ("D", 35, 35), ("E", 36, 39), ("F", 41, 43), ("G", 45, 47),
    ("H", 49, 53), ("I", 55, 56), ("J", 58, 63), ("K", 64, 66), ("L", 68, 68), ("M", 69, 75),
    ("N", 77, 82), ("O", 84, 84), ("P", 85, 85), ("Q", 86, 88), ("R", 90, 93), ("S", 94, 96),
    ("T", 97, 98), ("U", 99, 99),
)  # fmt: skip


class Criteria(Protocol):
    """What the criteria read of a scheme: a Scheme, or its criteria's columns read as plain values."""

    @property
    def targets(self) -> Any: ...
    @property
    def min_years(self) -> int | None: ...
    @property
    def headcount_min(self) -> int | None: ...
    @property
    def headcount_max(self) -> int | None: ...
    @property
    def legal_forms(self) -> Any: ...
    @property
    def legal_forms_excluded(self) -> Any: ...
    @property
    def naf_codes(self) -> Any: ...
    @property
    def naf_excluded(self) -> Any: ...
    @property
    def ess_families(self) -> Any: ...
    @property
    def esus_only(self) -> bool: ...


@dataclass(frozen=True)
class Verdict:
    key: str
    label: str
    state: str
    value: str
    source: str
    source_date: str
    requirement: str
    conclusion: str = ""
    # The structure's field a question would fill, when answering it can settle an unknown.
    question: str = ""
    # A not-met criterion that time or a change can meet (a near miss), and how.
    later: str = ""

    @property
    def sentence(self) -> str:
        """Say the verdict in one French sentence: value (source, detail) — requirement : conclusion."""
        value = f"{self.label} : {self.value}"
        if self.source:
            value += f" ({self.source})"
        tail = f" — le dispositif demande {self.requirement}" if self.requirement else ""
        return f"{value}{tail} : {self.conclusion}" if self.conclusion else f"{value}{tail}"


def source_of(structure: Structure, name: str) -> tuple[str, str]:
    """Return who set a field of the record (SIRENE, the structure, the reference data…) and when."""
    # Asked once per scheme and criterion: remembered on the record being matched.
    memo = structure.__dict__.setdefault("_scheme_sources", {})
    if name not in memo:
        memo[name] = _source_of(structure, name)
    return memo[name]


def _source_of(structure: Structure, name: str) -> tuple[str, str]:
    entry = field_sources.entry(structure.field_sources or {}, name)
    if entry is None:
        return (
            structure.get_source_display(),
            structure.source_date.isoformat() if structure.source_date else "",
        )
    kind = entry.get("kind")
    label = {
        field_sources.PERSON: "déclaré sur la fiche",
        field_sources.REFERENCE: "jeu de référence",
        field_sources.DERIVED: "déduit du code NAF",
    }.get(str(kind), "")
    if kind == field_sources.IMPORT:
        source = str(entry.get("source", ""))
        label = "SIRENE" if source == field_sources.SIRENE else source.removeprefix("network:")
    return label, str(entry.get("at", ""))


def months_between(start: datetime.date, end: datetime.date, *, whole_days: bool) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if whole_days and end.day < start.day:
        months -= 1
    return max(months, 0)


def _months(n: int) -> str:
    if n < 24 and n % 12:
        return f"{n} mois"
    years, rest = divmod(n, 12)
    text = f"{years} an{'s' if years > 1 else ''}"
    return f"{text} et {rest} mois" if rest else text


def age(scheme: Criteria, structure: Structure, today: datetime.date) -> Verdict | None:
    if scheme.min_years is None:
        return None
    wanted = scheme.min_years * 12
    requirement = _months(wanted)
    source, at = source_of(structure, "founded_on")
    if structure.founded_on is None:
        return Verdict("age", "Ancienneté", UNKNOWN, "date de création inconnue", "", "", requirement,
                       "à préciser", question="founded_on")  # fmt: skip
    precise_day = structure.founded_on_precision == DatePrecision.DAY
    months = months_between(structure.founded_on, today, whole_days=precise_day)
    shown = structure.founded_on.isoformat() if precise_day else structure.founded_on.strftime("%Y-%m")
    if structure.founded_on_precision == DatePrecision.YEAR:
        shown = str(structure.founded_on.year)
    detail = f"{source}, création {shown}" if source else f"création {shown}"
    if months >= wanted:
        return Verdict("age", "Ancienneté", MET, _months(months), detail, at, requirement, "critère rempli")
    wait = wanted - months
    return Verdict("age", "Ancienneté", NOT_MET, _months(months), detail, at, requirement,
                   f"éligible dans {_months(wait)}", later=f"dans {_months(wait)}")  # fmt: skip


def headcount(scheme: Criteria, structure: Structure) -> Verdict | None:
    low_wanted, high_wanted = scheme.headcount_min, scheme.headcount_max
    if low_wanted is None and high_wanted is None:
        return None
    parts = []
    if low_wanted is not None:
        parts.append(f"au moins {low_wanted} salarié{'s' if low_wanted > 1 else ''}")
    if high_wanted is not None:
        parts.append(f"au plus {high_wanted} salarié{'s' if high_wanted > 1 else ''}")
    requirement = " et ".join(parts)
    band = BANDS.get(structure.headcount_band)
    source, at = source_of(structure, "headcount_band")
    if band is None:
        return Verdict("headcount", "Effectif salarié", UNKNOWN, "non renseigné", "", "", requirement,
                       "à préciser", question="headcount_band")  # fmt: skip
    low, high = band
    value = structure.get_headcount_band_display()
    detail = f"{source}, {structure.headcount_year}" if structure.headcount_year else source
    too_small = low_wanted is not None and high is not None and high < low_wanted
    too_big = high_wanted is not None and low > high_wanted
    if too_small or too_big:
        later = f"à partir de {low_wanted} salariés" if too_small else ""
        return Verdict("headcount", "Effectif salarié", NOT_MET, value, detail, at, requirement,
                       "critère non rempli", later=later)  # fmt: skip
    unsure = (low_wanted is not None and low < low_wanted) or (
        high_wanted is not None and (high is None or high > high_wanted)
    )
    if unsure:
        conclusion = "la tranche ne suffit pas à trancher : précisez l'effectif"
        return Verdict("headcount", "Effectif salarié", UNKNOWN, value, detail, at, requirement,
                       conclusion, question="headcount_band")  # fmt: skip
    return Verdict("headcount", "Effectif salarié", MET, value, detail, at, requirement, "critère rempli")


def legal_form_of(structure: Structure) -> str:
    code = structure.legal_category_code
    return next((name for prefix, name in LEGAL_FORMS if code and code.startswith(prefix)), "")


def legal_form(scheme: Criteria, structure: Structure) -> Verdict | None:
    if not scheme.legal_forms and not scheme.legal_forms_excluded:
        return None
    requirement = ", ".join(scheme.legal_forms) if scheme.legal_forms else "une forme juridique admise"
    if scheme.legal_forms_excluded:
        requirement += f" (sauf {', '.join(scheme.legal_forms_excluded)})"
    form = legal_form_of(structure)
    source, at = source_of(structure, "legal_category_code")
    if not form:
        value = structure.legal_category_label or "inconnue"
        return Verdict("legal_form", "Forme juridique", UNKNOWN, value, source, at, requirement, "à vérifier")
    ok = form not in scheme.legal_forms_excluded and (not scheme.legal_forms or form in scheme.legal_forms)
    return Verdict("legal_form", "Forme juridique", MET if ok else NOT_MET, form, source, at, requirement,
                   "critère rempli" if ok else "critère non rempli")  # fmt: skip


@lru_cache(maxsize=4096)
def _naf_matches(naf: str, entry: str) -> bool:
    if entry.isalpha() and len(entry) == 1:
        division = int(naf[:2])
        return any(letter == entry and low <= division <= high for letter, low, high in NAF_SECTIONS)
    return naf.startswith(entry)


def naf(scheme: Criteria, structure: Structure) -> Verdict | None:
    if not scheme.naf_codes and not scheme.naf_excluded:
        return None
    requirement = f"les codes NAF {', '.join(scheme.naf_codes)}" if scheme.naf_codes else "un code NAF admis"
    if scheme.naf_excluded:
        requirement += f" (sauf {', '.join(scheme.naf_excluded)})"
    code = structure.naf_code
    source, at = source_of(structure, "naf_code")
    if not code or len(code) < 2 or not code[:2].isdigit():
        return Verdict(
            "naf", "Activité (NAF)", UNKNOWN, "code NAF inconnu", "", "", requirement, "à vérifier"
        )
    excluded = any(_naf_matches(code, e) for e in scheme.naf_excluded)
    ok = not excluded and (not scheme.naf_codes or any(_naf_matches(code, e) for e in scheme.naf_codes))
    return Verdict("naf", "Activité (NAF)", MET if ok else NOT_MET, code, source, at, requirement,
                   "critère rempli" if ok else "critère non rempli")  # fmt: skip


def targets(scheme: Criteria, structure: Structure) -> Verdict | None:
    if not scheme.targets:
        return None
    requirement = ", ".join(scheme.targets)
    source, at = source_of(structure, "ess_family")
    if structure.kind == StructureKind.PUBLIC_BODY:
        mine = "secteur public"
    elif structure.ess_family in ASSOCIATIVE:
        mine = "associations"
    elif structure.ess_family in {EssFamily.UNKNOWN, ""}:
        return Verdict(
            "targets", "Public visé", UNKNOWN, "famille inconnue", "", "", requirement, "à vérifier"
        )
    else:
        mine = "professionnels"
    ok = mine in scheme.targets
    return Verdict("targets", "Public visé", MET if ok else NOT_MET, mine, source, at, requirement,
                   "critère rempli" if ok else "critère non rempli")  # fmt: skip


def ess(scheme: Criteria, structure: Structure) -> Verdict | None:
    if not scheme.ess_families and not scheme.esus_only:
        return None
    source, at = source_of(structure, "ess_family")
    value = structure.get_ess_family_display()
    if scheme.esus_only and structure.ess_family != EssFamily.ESUS_COMPANY:
        return Verdict("ess", "Agrément ESUS", UNKNOWN, value, source, at, "l'agrément ESUS", "à vérifier")
    if not scheme.ess_families:
        return Verdict("ess", "Agrément ESUS", MET, value, source, at, "l'agrément ESUS", "critère rempli")
    labels = dict(EssFamily.choices)
    requirement = ", ".join(labels.get(f, f) for f in scheme.ess_families)
    if structure.ess_family in {EssFamily.UNKNOWN, ""}:
        return Verdict("ess", "Famille de l'ESS", UNKNOWN, value, "", "", requirement, "à vérifier")
    ok = structure.ess_family in scheme.ess_families
    return Verdict("ess", "Famille de l'ESS", MET if ok else NOT_MET, value, source, at, requirement,
                   "critère rempli" if ok else "critère non rempli")  # fmt: skip


def disciplines(
    scheme: Criteria, structure: Structure, mine: set[int], wanted: dict[int, str]
) -> Verdict | None:
    if not wanted:
        return None
    requirement = ", ".join(sorted(wanted.values()))
    source, at = source_of(structure, "disciplines")
    if not mine:
        return Verdict(
            "disciplines", "Disciplines", UNKNOWN, "aucune renseignée", "", "", requirement, "à vérifier"
        )
    ok = bool(mine & set(wanted))
    return Verdict("disciplines", "Disciplines", MET if ok else NOT_MET, "voir la fiche", source, at,
                   requirement, "critère rempli" if ok else "critère non rempli")  # fmt: skip


def criteria(
    scheme: Scheme, structure: Structure, today: datetime.date, context: dict[str, Any]
) -> list[Verdict]:
    """Return the scheme's verdicts for the structure, in a stable order."""
    wanted = context["scheme_disciplines"].get(scheme.pk, {})
    found = [
        targets(scheme, structure),
        age(scheme, structure, today),
        headcount(scheme, structure),
        legal_form(scheme, structure),
        naf(scheme, structure),
        ess(scheme, structure),
        disciplines(scheme, structure, context["disciplines"], wanted),
    ]
    return [v for v in found if v is not None]


# The columns each criterion reads, in the verdicts' order (the disciplines come from their link table).
COLUMNS: tuple[tuple[str, ...], ...] = (
    ("targets",),
    ("min_years",),
    ("headcount_min", "headcount_max"),
    ("legal_forms", "legal_forms_excluded"),
    ("naf_codes", "naf_excluded"),
    ("ess_families", "esus_only"),
)


class Judge:
    """Judge many schemes for one structure, each criterion once per distinct requirement.

    A verdict depends only on the structure, the day and its criterion's columns (`COLUMNS`): schemes
    asking the same (the same minimum age, the same legal forms…) share it. Same verdicts as `criteria`.
    """

    def __init__(self, structure: Structure, today: datetime.date, mine: set[int]) -> None:
        self.structure = structure
        self.today = today
        self.mine = mine
        # One memory per criterion (COLUMNS', then the disciplines'): requirement → verdict.
        self.memo: list[dict[Any, Verdict | None]] = [{} for _ in range(len(COLUMNS) + 1)]

    def verdicts(self, scheme: Criteria, keys: tuple[Any, ...], wanted: dict[int, str]) -> list[Verdict]:
        """Return the scheme's verdicts; `keys[i]` stands for the values of `COLUMNS[i]` (equal if equal)."""
        found = []
        for position, key in enumerate(keys):
            memo = self.memo[position]
            if key not in memo:
                memo[key] = self._judge(position, scheme, wanted)
            if (verdict := memo[key]) is not None:
                found.append(verdict)
        if wanted:
            memo, key = self.memo[-1], tuple(sorted(wanted.items()))
            if key not in memo:
                memo[key] = disciplines(scheme, self.structure, self.mine, wanted)
            if (verdict := memo[key]) is not None:
                found.append(verdict)
        return found

    def _judge(self, position: int, scheme: Criteria, wanted: dict[int, str]) -> Verdict | None:
        structure = self.structure
        if position == 0:
            return targets(scheme, structure)
        if position == 1:
            return age(scheme, structure, self.today)
        if position == 2:
            return headcount(scheme, structure)
        if position == 3:
            return legal_form(scheme, structure)
        if position == 4:
            return naf(scheme, structure)
        return ess(scheme, structure)
