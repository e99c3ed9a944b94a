"""Schemes are scored too, through the scorer their app registers: the registry works beyond structures."""

import io

import pytest
from django.core.management import call_command

from maillage.quality.selectors import record_score
from tests.schemes.factories import make_scheme

pytestmark = pytest.mark.django_db


def test_a_scheme_with_a_link_and_a_promise_scores_higher_than_one_without() -> None:
    bare = make_scheme(url_source="", promise="")
    fuller = make_scheme(
        url_source="https://aides.example/fonds", promise="Un fonds pour consolider votre projet."
    )

    out = io.StringIO()
    call_command("quality_recompute", stdout=out)

    bare_score, fuller_score = record_score(bare), record_score(fuller)
    assert bare_score is not None
    assert fuller_score is not None
    assert fuller_score.score > bare_score.score
    actions = {f["key"]: f["action"] for f in bare_score.findings}
    assert actions["lien"] == "Ajoutez le lien de la page officielle du dispositif."
    assert "schemes.scheme : 2 scores recalculés." in out.getvalue()
