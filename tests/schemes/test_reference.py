"""load_reference_data adds the schemes the founding documents name, criteria unknown, once."""

import pytest
from django.core.management import call_command

from maillage.schemes.enums import Instrument
from maillage.schemes.models import Scheme

pytestmark = pytest.mark.usefixtures("loire_rhone")


def test_the_reference_schemes_quote_the_convention_and_leave_criteria_unknown() -> None:
    call_command("load_reference_data", verbosity=0)
    call_command("load_reference_data", verbosity=0)

    assert Scheme.objects.count() == 6
    finance = Scheme.objects.get(title="Outils financiers solidaires")
    assert set(finance.instruments) == {
        Instrument.SOLIDARITY_FUND,
        Instrument.ETHICAL_LOAN,
        Instrument.ENDOWMENT_FUND,
    }
    assert "fonds de solidarité, emprunts éthiques, fonds de dotation" in finance.description
    for scheme in Scheme.objects.all():
        assert (scheme.min_years, scheme.headcount_min, scheme.headcount_max, scheme.legal_forms) == (
            None,
            None,
            None,
            [],
        )
    opale = Scheme.objects.get(title__contains="CRDLA").porteurs.get()
    assert opale.structure is not None
    assert opale.structure.name == "Opale / CRDLA Culture"
