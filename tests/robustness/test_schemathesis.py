"""Every operation of the OpenAPI description, exercised through the WSGI app: no 5xx, answers as described.

Valid and invalid requests (Schemathesis' positive and negative modes), on made-up ids and on the real
objects of a small fixture; a write without a key answers 401, as described.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from maillage.wsgi import application
from tests.robustness.conftest import Objects

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Keep the test's database connection across WSGI calls, as Django's own test client does.

    The handler closes connections that are not in autocommit at each request's start and end; inside the
    test's transaction that would close it under the test's feet.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, response_schema_conformance]


def test_every_operation_answers_without_server_error_and_as_described(objects: Objects) -> None:
    """Generated requests to every operation get no 5xx and a body matching the description."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every operation's description can be read
        operations.append(result.ok())
    assert {(op.method.upper(), op.path) for op in operations} >= {
        ("GET", "/api/v1/structures"),
        ("GET", "/api/v1/structures/{structure_id}"),
        ("PATCH", "/api/v1/structures/{structure_id}"),
        ("GET", "/api/v1/territoires/{territory_id}"),
    }
    real_ids = {"structure_id": objects.structure.slug, "territory_id": objects.territory.id}
    statuses: Counter[int] = Counter()
    for operation in operations:
        names = {parameter.name for parameter in operation.path_parameters}
        real = {name: value for name, value in real_ids.items() if name in names}
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=real),
        )

        @settings(settings.get_profile("sweep"), max_examples=30)
        @given(case=strategy)
        def run(case: Any) -> None:
            response = case.call()
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

        run()
    # The sweep reached the real objects and refused bad input, not only "not found".
    assert statuses[200]
    assert statuses[400] + statuses[422]
    assert statuses[401]
    assert statuses[404]
