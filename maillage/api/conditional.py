"""The conditional write every PATCH of the API shares: permission, If-Match, 412 with the current ETag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from ninja.responses import Status

from maillage.api.schemas import Error
from maillage.api.structure_schemas import FieldErrorsOut
from maillage.api.versions import (
    ETAG_HEADER,
    IF_MATCH_MISSING,
    IF_MATCH_STALE,
    Versioned,
    etag,
    matched_version,
)
from maillage.concurrency.versions import StaleWriteError
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.structures.models import Structure


def if_match_parameter(description: str) -> dict[str, Any]:
    """Describe the required If-Match header of a PATCH, saying where its ETag is read."""
    return {
        "in": "header",
        "name": "If-Match",
        "required": True,
        "schema": {"type": "string"},
        "description": description,
    }


IF_MATCH_PARAMETER = if_match_parameter("L'`ETag` reçu en lisant la fiche (`GET`).")
ETAG_RESPONSES = {
    200: {"headers": {"ETag": {"description": "La nouvelle version.", "schema": {"type": "string"}}}},
    412: {"headers": {"ETag": {"description": "La version actuelle.", "schema": {"type": "string"}}}},
}
# The same two headers, described as the version of the record (the wording of the first PATCH).
RECORD_ETAG_RESPONSES = {200: {"headers": {"ETag": ETAG_HEADER}}, 412: {"headers": {"ETag": ETAG_HEADER}}}
WRITE_RESPONSES: dict[int, Any] = {
    400: FieldErrorsOut,
    401: Error,
    403: Error,
    404: Error,
    412: Error,
    428: Error,
}
STRUCTURE_EDITORS = (
    "seuls ses membres, les coordinateurs de son réseau ou de son territoire et les administrateurs le "
    "peuvent."
)


def unless_editor(user: Any, structure: Structure, subject: str, *, hint: str = "") -> Status[Error] | None:
    """Return None when `user` may edit the structure; else the 403 saying who may change `subject`."""
    if can(user, Action.EDIT, structure):
        return None
    detail = f"Vous ne pouvez pas modifier {subject} : {STRUCTURE_EDITORS}"
    return Status(403, Error(detail=f"{detail} {hint}" if hint else detail))


def conditional_patch[R: Versioned](
    request: HttpRequest,
    response: HttpResponse,
    record: R | None,
    *,
    unknown: str,
    refusal: Callable[[R], Status[Error] | None],
    write: Callable[[R, int], Versioned],
    errors: Callable[[ValidationError], dict[str, list[str]]],
    answer: Callable[[R], Any],
) -> Status[Any]:
    """Answer a PATCH: 404 (`unknown`) without a record, its `refusal` if any, else the conditional write.

    The 200 carries `answer(record)`, read once the write is done, and the new ETag.
    """
    if record is None:
        return Status(404, Error(detail=unknown))
    refused = refusal(record)
    if refused is not None:
        return refused
    written = conditional_write(
        request, response, record, write=lambda version: write(record, version), errors=errors
    )
    if isinstance(written, Status):
        return written
    return Status(200, answer(record))


def conditional_write(
    request: HttpRequest,
    response: HttpResponse,
    record: Versioned,
    *,
    write: Callable[[int], Versioned],
    errors: Callable[[ValidationError], dict[str, list[str]]],
    reload: Callable[[], Versioned | None] | None = None,
) -> Status[Any] | Versioned:
    """Run `write(expected_version)` when If-Match names the version read; return the record or a refusal.

    `reload` reads the record as it is now, for the ETag of a 412; by default, by its primary key.
    """
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return Status(428, Error(detail=IF_MATCH_MISSING))
    expected = matched_version(if_match, record)
    try:
        if expected is None:
            raise StaleWriteError(current=None, expected_version=None)
        written = write(expected)
    except StaleWriteError:
        current = reload() if reload is not None else _current(record)
        if current is not None:
            response["ETag"] = etag(current)
        return Status(412, Error(detail=IF_MATCH_STALE))
    except ValidationError as error:
        return Status(
            400, FieldErrorsOut(detail="Données invalides : rien n'a été modifié.", erreurs=errors(error))
        )
    response["ETag"] = etag(written)
    return written


def _current(record: Versioned) -> Versioned | None:
    model = type(cast(models.Model, record))
    return cast(Versioned | None, model._default_manager.filter(pk=record.pk).first())


def field_errors(
    names: dict[str, str], *, whole: str = "fiche"
) -> Callable[[ValidationError], dict[str, list[str]]]:
    """Return a function reporting a ValidationError under the API's field names (model → API).

    An error about no field in particular (a plain message list) is reported under `whole`.
    """

    def report(error: ValidationError) -> dict[str, list[str]]:
        if not hasattr(error, "error_dict"):
            return {whole: list(error.messages)}
        result: dict[str, list[str]] = {}
        for field, messages in error.message_dict.items():
            result.setdefault(names.get(field, field), []).extend(messages)
        return result

    return report
