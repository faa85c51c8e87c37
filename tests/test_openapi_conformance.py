"""The OpenAPI document is the truth: schemathesis generates requests for every operation
from /openapi.json, with and without a token, and every answer must be no 5xx, of a
documented status and content type, and match its documented schema."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import Team

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Cases per operation and caller: about 100 operations x 2 callers x 2 modes on each
# engine keep the run to a minute or two.
EXAMPLES = 4
BASE_URL = "http://testserver"


def _cases(operation: Any, mode: Any) -> list[Case]:
    """Draw the operation's cases without running anything: the requests are sent by the
    async test afterwards, through the app bound to the test's database."""
    cases: list[Case] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(generation_mode=mode))
    def collect(case: Case) -> None:
        cases.append(case)

    try:
        collect()
    except Unsatisfiable:
        # Nothing can be invalid about an operation without inputs.
        assert mode.value == "negative", operation.label
    return cases


def _request(case: Case, headers: dict[str, str]) -> dict[str, Any]:
    """The case as httpx arguments, its body encoded the way schemathesis's own transport
    (requests) encodes it, multipart included."""
    kwargs = case.as_transport_kwargs(base_url=BASE_URL, headers=headers)
    known = ("method", "url", "headers", "params", "cookies", "json", "data", "files")
    prepared = requests.Request(**{name: kwargs[name] for name in known if name in kwargs})
    request = prepared.prepare()
    body = request.body
    return {
        "method": request.method,
        "url": request.url,
        "headers": dict(request.headers),
        "content": body.encode() if isinstance(body, str) else body,
    }


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "token"])
async def test_every_operation_answers_as_documented(
    client: httpx.AsyncClient, team: Team, signed_in: bool
) -> None:
    from schemathesis.generation import GenerationMode

    document = (await client.get("/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(document)
    headers = team.owner.headers if signed_in else {}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for case in _cases(operation, mode):
                response = await client.request(**_request(case, headers))
                try:
                    case.validate_response(response, checks=CHECKS)
                except (AssertionError, FailureGroup) as failure:
                    failures.append(
                        f"{operation.label} [{mode.value}] -> {response.status_code}: "
                        f"{' / '.join(str(failure).splitlines()[:8])[:600]}"
                    )
    assert operations > 90
    assert not failures, "\n".join(dict.fromkeys(failures))
