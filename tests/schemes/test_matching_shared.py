"""Schemes asking the same share one judgement, yet each scheme keeps its own verdicts, groups and misses."""

import datetime

import pytest
from django.utils import timezone

from maillage.schemes.criteria import criteria
from maillage.schemes.matching import ELIGIBLE, NEAR_MISS, TO_CONFIRM, match_structure
from maillage.schemes.models import Scheme
from maillage.structures.enums import DatePrecision, HeadcountBand
from maillage.structures.models import Structure
from tests.schemes.factories import make_scheme
from tests.structures.factories import DisciplineFactory, StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def months_ago(months: int) -> datetime.date:
    today = timezone.localdate()
    total = today.year * 12 + today.month - 1 - months
    return datetime.date(total // 12, total % 12 + 1, 1)


@pytest.fixture
def structure() -> Structure:
    structure = StructureFactory.create(
        name="Théâtre du Pilat",
        association=True,
        commune_id="COM-42218",
        founded_on=months_ago(18),
        founded_on_precision=DatePrecision.MONTH,
        headcount_band=HeadcountBand.B3_5,
        naf_code="90.01Z",
    )
    structure.disciplines.add(DisciplineFactory.create(name="Théâtre"))
    return structure


def test_each_scheme_gets_its_own_group_when_criteria_repeat(structure: Structure) -> None:
    theatre = structure.disciplines.get()
    dance = DisciplineFactory.create(name="Danse")
    make_scheme(title="A un an association", min_years=1, legal_forms=["Association"])
    make_scheme(title="B un an SARL", min_years=1, legal_forms=["SARL"])
    make_scheme(title="C deux ans SARL", min_years=2, legal_forms=["SARL"])
    make_scheme(title="D deux ans association", min_years=2, legal_forms=["Association"])
    make_scheme(title="E spectacle théâtre", naf_codes=["R"], disciplines=[theatre])
    make_scheme(title="F spectacle danse", naf_codes=["R"], disciplines=[dance])
    make_scheme(title="G hors spectacle", naf_codes=["R"], naf_excluded=["90.01Z"], headcount_min=10)
    make_scheme(title="H effectif à préciser", headcount_min=4, geo_codes=["DEP-42"])
    make_scheme(title="I loin", geo_codes=["DEP-69"], min_years=1)

    matching = match_structure(structure)

    groups = {m.scheme.title: m.group for m in matching.matches}
    assert groups == {
        "A un an association": ELIGIBLE,
        "B un an SARL": NEAR_MISS,
        "D deux ans association": NEAR_MISS,
        "E spectacle théâtre": ELIGIBLE,
        "F spectacle danse": NEAR_MISS,
        "H effectif à préciser": TO_CONFIRM,
    }
    assert matching.not_eligible == 2  # C (age and form) and G (activity and headcount)
    late = next(m for m in matching.matches if m.scheme.title == "D deux ans association")
    assert late.missed is not None
    assert late.missed.later == "dans 6 mois"
    assert matching.questions == ["headcount_band"]
    # Each scheme's verdicts are what judging it alone, criterion by criterion, says.
    context = {"disciplines": {theatre.pk}, "scheme_disciplines": {}}
    for match in matching.matches:
        scheme = Scheme.objects.get(pk=match.scheme.pk)
        context["scheme_disciplines"] = {scheme.pk: {d.pk: d.name for d in scheme.disciplines.all()}}
        assert match.verdicts == criteria(scheme, structure, timezone.localdate(), context)


def test_the_matching_reads_the_same_few_queries_whatever_the_number_of_schemes(
    structure: Structure, django_assert_max_num_queries
) -> None:
    theatre = structure.disciplines.get()
    for n in range(30):
        make_scheme(title=f"Dispositif {n}", min_years=n % 4 or None, disciplines=[theatre] if n % 3 else [])

    with django_assert_max_num_queries(5):
        matching = match_structure(structure)

    assert len(matching.matches) == 30
