"""Ids past the 64-bit range name nothing: every path, query and body id refuses them where
the request is read (a 422 problem for the API, a 404 page for the web), never a 500 from
the database driver."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import TypeAdapter

from conftest import Account, Team, assert_problem, make_admin, problem_fields
from jobboard.config import get_settings
from jobboard.db import Database
from jobboard.kit.ids import MAX_ID
from jobboard.main import create_app
from support_routes import api_routes, fill, path_parameters
from support_web import csrf_of, web_sign_in

TOO_BIG = str(MAX_ID + 1)


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith(("_id", "_ids"))


def _unbounded_ids(schema: Any, name: str, definitions: dict[str, Any]) -> list[str]:
    """The ids in a JSON schema (the one validation uses) that accept values past MAX_ID."""
    if isinstance(schema, list):
        return [found for item in schema for found in _unbounded_ids(item, name, definitions)]
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        reference = schema["$ref"].rsplit("/", 1)[-1]
        if reference in definitions:
            return _unbounded_ids(definitions.pop(reference), name, definitions)
        return []
    found = []
    if (
        schema.get("type") == "integer"
        and _is_id(name.rsplit(".", 1)[-1])
        and schema.get("maximum", MAX_ID + 1) > MAX_ID
    ):
        found.append(name)
    for key in ("anyOf", "oneOf", "allOf", "items", "prefixItems", "additionalProperties"):
        found += _unbounded_ids(schema.get(key), name, definitions)
    for field, sub in schema.get("properties", {}).items():
        found += _unbounded_ids(sub, f"{name}.{field}", definitions)
    return found


def _parameters(dependant: Dependant) -> list[Any]:
    found = [*dependant.path_params, *dependant.query_params, *dependant.body_params]
    for sub in dependant.dependencies:
        found += _parameters(sub)
    return found


def _schema(parameter: Any) -> dict[str, Any]:
    info = parameter.field_info
    annotation = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    schema: dict[str, Any] = TypeAdapter(annotation).json_schema()
    return schema


def _path_ids(route: APIRoute) -> set[str]:
    """The route's integer ids in its path (a client id, say, is a string)."""
    return {
        parameter.name
        for parameter in _parameters(route.dependant)
        if parameter in route.dependant.path_params or parameter.name in route.param_convertors
        if _is_id(parameter.name) and _schema(parameter).get("type") == "integer"
    }


def _app() -> FastAPI:
    return create_app(get_settings())


def test_every_id_a_route_reads_is_bounded() -> None:
    """Every id in a path, a query or a body, at any depth, has the 64-bit upper bound, so a
    new route or field cannot take an id the database cannot hold."""
    unbounded = []
    for path, route in api_routes(_app()):
        for parameter in _parameters(route.dependant):
            schema = _schema(parameter)
            definitions = dict(schema.pop("$defs", {}))
            unbounded += [
                f"{sorted(route.methods)} {path}: {where}"
                for where in _unbounded_ids(schema, parameter.name, definitions)
            ]
    assert not unbounded, unbounded


async def test_an_id_past_64_bits_in_any_api_path_is_a_validation_problem(
    client: httpx.AsyncClient, team: Team, database: Database
) -> None:
    """Every API operation with an id in its path answers 422 naming that id."""
    admin = await make_admin(database, client)
    probed = 0
    for path, route in api_routes(_app()):
        ids = _path_ids(route)
        if not path.startswith("/api/") or not ids:
            continue
        values = {name: TOO_BIG if name in ids else team.slug for name in path_parameters(path)}
        for method in sorted(route.methods):
            response = await client.request(method, fill(path, values), headers=admin.headers)
            problem = assert_problem(response, 422, "/problems/validation-error")
            fields = problem_fields(problem)
            assert any(field.startswith("path.") for field in fields), (method, path, fields)
            probed += 1
    assert probed >= 39


async def test_an_id_past_64_bits_in_any_page_path_is_a_page_not_found(
    client: httpx.AsyncClient, seeker: Account
) -> None:
    """Every page with an id in its path answers a 404 page (JSON-LD a 404 problem), for a
    visitor and for a signed-in person sending a valid CSRF token."""
    await web_sign_in(client, seeker.email)
    token = csrf_of((await client.get("/me/profile")).text)
    probed = 0
    for path, route in api_routes(_app()):
        ids = _path_ids(route)
        if path.startswith("/api/") or not ids:
            continue
        values = {name: TOO_BIG if name in ids else "a-job" for name in path_parameters(path)}
        address = fill(path, values)
        for method in sorted(route.methods):
            response = await client.request(
                method, address, headers={"Accept": "text/html", "x-csrf-token": token}
            )
            assert response.status_code == 404, (method, address, response.status_code)
            expected = "application/problem+json" if address.endswith(".jsonld") else "text/html"
            assert response.headers["content-type"].startswith(expected), (method, address)
            probed += 1
    assert probed >= 15


async def test_the_reported_addresses(
    client: httpx.AsyncClient, seeker: Account, opening: dict[str, Any]
) -> None:
    """The examples of the report: a job, a saved job's id in a body, a job's JSON-LD and
    a job page."""
    assert_problem(await client.get(f"/api/v1/jobs/{TOO_BIG}"), 422, "/problems/validation-error")
    saved = await client.post(
        "/api/v1/me/saved-jobs", json={"job_id": MAX_ID + 1}, headers=seeker.headers
    )
    problem = assert_problem(saved, 422, "/problems/validation-error")
    assert problem_fields(problem) == ["body.job_id"]
    # The largest id is a valid id: it names no job.
    saved = await client.post(
        "/api/v1/me/saved-jobs", json={"job_id": MAX_ID}, headers=seeker.headers
    )
    assert_problem(saved, 404, "/problems/not-found")
    assert_problem(await client.get(f"/jobs/{TOO_BIG}.jsonld"), 404, "/problems/not-found")
    page = await client.get(f"/jobs/{TOO_BIG}-x", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "x-request-id" in page.headers
    assert (await client.get(f"/jobs/{opening['id']}.jsonld")).status_code == 200
