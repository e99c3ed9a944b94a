"""The /api/v1/ application: one router per resource, one OpenAPI 3 document at /api/v1/openapi.json."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from maillage.api.structures import router as structures_router
from maillage.api.territories import router as territories_router

api = NinjaAPI(
    title="API maillage",
    version="1",
    description=(
        "Données ouvertes de maillage : référentiel territorial (millésime du Code officiel géographique), "
        "puis annuaire des acteurs culturels de l'ESS. Lecture publique, réponses en JSON."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/territoires", territories_router)
api.add_router("/structures", structures_router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Answer malformed parameters with a 400 that says which one and why."""
    return api.create_response(request, {"detail": "Paramètres invalides.", "errors": exc.errors}, status=400)
