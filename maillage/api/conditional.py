"""The conditional write every PATCH of the API shares: permission, If-Match, 412 with the current ETag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja.responses import Status

from maillage.api.schemas import Error
from maillage.api.structure_schemas import FieldErrorsOut
from maillage.api.versions import IF_MATCH_MISSING, IF_MATCH_STALE, Versioned, etag, matched_version
from maillage.concurrency.versions import StaleWriteError

IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "L'`ETag` reçu en lisant la fiche (`GET`).",
}
ETAG_RESPONSES = {
    200: {"headers": {"ETag": {"description": "La nouvelle version.", "schema": {"type": "string"}}}},
    412: {"headers": {"ETag": {"description": "La version actuelle.", "schema": {"type": "string"}}}},
}
WRITE_RESPONSES: dict[int, Any] = {
    400: FieldErrorsOut,
    401: Error,
    403: Error,
    404: Error,
    412: Error,
    428: Error,
}


def conditional_write(
    request: HttpRequest,
    response: HttpResponse,
    record: Versioned,
    *,
    write: Callable[[int], Versioned],
    reload: Callable[[], Versioned | None],
    errors: Callable[[ValidationError], dict[str, list[str]]],
) -> Status[Any] | Versioned:
    """Run `write(expected_version)` when If-Match names the version read; return the record or a refusal."""
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return Status(428, Error(detail=IF_MATCH_MISSING))
    expected = matched_version(if_match, record)
    try:
        if expected is None:
            raise StaleWriteError(current=None, expected_version=None)
        written = write(expected)
    except StaleWriteError:
        current = reload()
        if current is not None:
            response["ETag"] = etag(current)
        return Status(412, Error(detail=IF_MATCH_STALE))
    except ValidationError as error:
        return Status(
            400, FieldErrorsOut(detail="Données invalides : rien n'a été modifié.", erreurs=errors(error))
        )
    response["ETag"] = etag(written)
    return written


def field_errors(names: dict[str, str]) -> Callable[[ValidationError], dict[str, list[str]]]:
    """Return a function reporting a ValidationError under the API's field names (model → API)."""

    def report(error: ValidationError) -> dict[str, list[str]]:
        if not hasattr(error, "error_dict"):
            return {"fiche": list(error.messages)}
        result: dict[str, list[str]] = {}
        for field, messages in error.message_dict.items():
            result.setdefault(names.get(field, field), []).extend(messages)
        return result

    return report
