"""Pages of the observatory: its methodology, generated from the registry of indicators."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.observatory.features import feature_indicators
from maillage.observatory.precision import SMALL_COUNT
from maillage.observatory.selectors import methodology as methodology_get
from maillage.territories.selectors import referential_release


def methodology(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "www/observatory/methodology.html",
        {
            "methodology": methodology_get(),
            "release": referential_release(),
            "small_count": SMALL_COUNT,
            "feature_indicators": feature_indicators(),
        },
    )
