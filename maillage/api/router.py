"""The /api/v1/ application: one router per resource, one OpenAPI 3 document at /api/v1/openapi.json."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from maillage.api.accompaniment import router as accompaniment_router
from maillage.api.calls import router as calls_router
from maillage.api.calls_writes import router as _calls_writes  # noqa: F401 (adds the writes to calls_router)
from maillage.api.events import router as events_router
from maillage.api.imports import router as imports_router
from maillage.api.initiatives import router as initiatives_router
from maillage.api.key_figures import router as key_figures_router
from maillage.api.lending import router as lending_router
from maillage.api.networks import router as networks_router
from maillage.api.networks import taxonomy_router
from maillage.api.places import router as places_router
from maillage.api.relations import router as relations_router
from maillage.api.resources import router as resources_router
from maillage.api.schemes import router as schemes_router
from maillage.api.schemes import structure_router as structure_schemes_router
from maillage.api.structure_search import router as structure_search_router
from maillage.api.structures import router as structures_router
from maillage.api.surveys import router as surveys_router
from maillage.api.territories import router as territories_router

api = NinjaAPI(
    title="API maillage",
    version="1",
    description=(
        "Données ouvertes de maillage : référentiel territorial (millésime du Code officiel géographique), "
        "puis annuaire des acteurs culturels de l'ESS. Lecture publique, réponses en JSON. Les écritures "
        "demandent un jeton d'API personnel (en-tête `Authorization: Bearer <clé>`), créé depuis le compte : "
        "il agit avec les droits de son titulaire, jamais plus."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/territoires", territories_router)
api.add_router("/structures", structure_search_router)
api.add_router("/structures", structures_router)
api.add_router("/materiel", lending_router)
api.add_router("/lieux", places_router)
api.add_router("/evenements", events_router)
api.add_router("/structures", structure_schemes_router)
api.add_router("/dispositifs", schemes_router)
api.add_router("/ressources", resources_router)
api.add_router("/initiatives", initiatives_router)
api.add_router("/appels", calls_router)
api.add_router("/accompagnements", accompaniment_router)
api.add_router("/relations", relations_router)
api.add_router("/reseaux", networks_router)
api.add_router("/chiffres-cles", key_figures_router)
api.add_router("/referentiels", taxonomy_router)
api.add_router("/enquetes", surveys_router)
api.add_router("/imports", imports_router)


# Pydantic's error types → what a French reader of a 400 needs to know about a field of a body.
BODY_ERRORS = {
    "extra_forbidden": "Champ inconnu ou non modifiable.",
    "string_type": "Attendu : un texte.",
    "list_type": "Attendu : une liste.",
    "missing": "Champ obligatoire.",
    "json_invalid": "Corps JSON illisible.",
    "model_attributes_type": "Attendu : un objet JSON.",
    "dict_type": "Attendu : un objet JSON.",
    "model_type": "Attendu : un objet JSON.",
}


# The same for a query or path parameter: integers are ASCII digits (maillage.search.params).
PARAMETER_ERRORS = {
    "int_parsing": "attendu : un nombre entier écrit en chiffres de 0 à 9",
    "int_from_float": "attendu : un nombre entier",
    "greater_than_equal": "nombre trop petit",
    "less_than_equal": "nombre trop grand",
    "missing": "paramètre obligatoire",
    "string_too_long": "texte trop long",
}


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Answer malformed parameters with a 400 that says which one and why, a malformed body in French."""
    body = [error for error in exc.errors if tuple(error.get("loc", ()))[:1] == ("body",)]
    if not body:
        first = exc.errors[0] if exc.errors else {}
        name = str(tuple(first.get("loc", ("",)))[-1])
        reason = PARAMETER_ERRORS.get(str(first.get("type")), "valeur invalide")
        return api.create_response(
            request,
            {"detail": f"Paramètre « {name} » invalide : {reason}.", "parametre": name, "errors": exc.errors},
            status=400,
        )
    errors: dict[str, list[str]] = {}
    for error in body:
        # ("body", "payload", "nom", 0): the argument's name, then the field's path.
        path = [str(part) for part in tuple(error["loc"])[2:]]
        field = path[0] if path else "corps"
        errors.setdefault(field, []).append(BODY_ERRORS.get(str(error.get("type")), "Valeur invalide."))
    return api.create_response(
        request, {"detail": "Données invalides : rien n'a été modifié.", "erreurs": errors}, status=400
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Answer django-ninja's own refusals in French: a body that is not JSON, among others."""
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return api.create_response(
            request,
            {
                "detail": "Données invalides : rien n'a été modifié.",
                "erreurs": {"corps": ["Corps JSON illisible."]},
            },
            status=400,
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """Answer a missing or unusable key with a 401 saying why, and the scheme to use."""
    response = api.create_response(request, {"detail": exc.message}, status=exc.status_code)
    response["WWW-Authenticate"] = 'Bearer realm="maillage"'
    return response
