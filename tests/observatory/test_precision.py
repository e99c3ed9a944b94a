"""Rates and averages are printed so that they read true: per 100,000 when needed, small counts flagged."""

from maillage.observatory.definitions import indicator_get
from maillage.observatory.precision import SMALL_COUNT, is_small_count, scale_for
from maillage.www.territories.dashboard import figure_text

RATE = indicator_get("structures_per_10k")
RELATIONS = indicator_get("relations_per_structure")


def test_a_rate_that_rounds_to_zero_per_10000_is_printed_per_100000_for_the_whole_row():
    # France: 7 structures for 68 million inhabitants; the Loire 5 for 765,000.
    france, loire = 7 * 10_000 / 68_000_000, 5 * 10_000 / 765_000
    scale = scale_for(RATE, [loire, france])
    assert scale.label == "Structures pour 100 000 habitants"
    assert scale.unit == "pour 100 000 habitants"
    assert figure_text(loire, scale) == "0,65"  # decimals raised until France reads above zero
    assert figure_text(france, scale) == "0,01"


def test_a_rate_that_reads_per_10000_keeps_its_scale():
    scale = scale_for(RATE, [3.21, 1.5, None])
    assert scale.label == RATE.label
    assert figure_text(3.21, scale) == "3,2"
    assert figure_text(None, scale) == "—"


def test_an_average_that_rounds_to_zero_gets_the_decimals_it_needs():
    # France's relations per structure: a handful of relations over many structures.
    scale = scale_for(RELATIONS, [16.0, 0.0004])
    assert figure_text(0.0004, scale) == "0,0004"
    assert figure_text(16.0, scale) == "16,0000"
    assert figure_text(0.0, scale) == "0,0000"
    tiny = scale_for(RELATIONS, [0.000001])
    assert figure_text(0.000001, tiny) == "moins de 0,0001"


def test_rates_and_averages_over_few_structures_are_flagged():
    assert is_small_count(RATE, SMALL_COUNT - 1)
    assert not is_small_count(RATE, SMALL_COUNT)
    assert is_small_count(RELATIONS, 1)
    assert not is_small_count(indicator_get("structures_active"), 1)
    assert not is_small_count(RATE, None)
