"""One statistical secrecy rule per instance: surveys and feature indicators read the same setting."""

from django.test import override_settings

from maillage.observatory.features import secret_counts
from maillage.surveys.results import min_answers


def test_feature_counts_and_survey_results_follow_the_instance_threshold() -> None:
    rows = [("", "Tout", 12), ("a", "A", 4), ("b", "B", 8)]
    # By default (5): the 4 is masked, and the 8 with it, or the total would give the 4 away.
    assert [value for _, _, value in secret_counts(rows)] == [12, None, None]
    assert min_answers() == 5
    with override_settings(STATISTICAL_SECRECY_MIN=3):
        assert [value for _, _, value in secret_counts(rows)] == [12, 4, 8]
        assert min_answers() == 3
    with override_settings(STATISTICAL_SECRECY_MIN=10):
        assert [value for _, _, value in secret_counts(rows)] == [12, None, None]
        assert [value for _, _, value in secret_counts([("x", "X", 9), ("y", "Y", 10)])] == [None, 10]
