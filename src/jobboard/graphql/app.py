"""``/graphql``: the endpoint (POST and GET), GraphiQL for browsers, and subscriptions over
WebSocket (graphql-transport-ws).

A request's operations share one transaction, committed once they have run (each mutation
in a savepoint of its own); the caller is the bearer token's principal, verified as on
every REST endpoint. GraphiQL and React are vendored in ``assets/`` (graphiql 3.8.3, react
and react-dom 18.2.0 from npm, MIT, licences beside them) and served with content-hashed
names: the page loads nothing from another origin.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any

from cross_web import HTTPException as StrawberryHTTPException
from fastapi import APIRouter, FastAPI, Request, Response, WebSocket
from fastapi.responses import HTMLResponse
from starlette.requests import HTTPConnection
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.types.unset import UNSET, UnsetType

from graphql import GraphQLError
from jobboard.auth.dependencies import get_principal, principal_from_token
from jobboard.db import Database, write_intent
from jobboard.errors import BadRequest, InvalidToken, NotFound
from jobboard.graphql.context import GraphQLContext
from jobboard.graphql.schema import schema

PATH = "/graphql"
ASSETS_PATH = "/graphql/assets"
IMMUTABLE = "public, max-age=31536000, immutable"
# GraphiQL sets styles from script (React) and its stylesheet carries data: fonts and images.
GRAPHIQL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_ASSET_NAMES = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql.min.css",
    "graphiql.css",
    "graphiql-init.js",
)
_MEDIA_TYPES = {"js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}


@dataclass(frozen=True, slots=True)
class Asset:
    name: str
    media_type: str
    content: bytes


@cache
def assets() -> dict[str, Asset]:
    """The vendored files by plain name, read and hashed once per process."""
    folder = files(__package__).joinpath("assets")
    found = {}
    for plain in _ASSET_NAMES:
        content = folder.joinpath(plain).read_bytes()
        # The source maps are not shipped; browsers would ask for them in vain.
        content = content.replace(b"sourceMappingURL=", b"sourceMappingURL-omitted=")
        stem, _, extension = plain.rpartition(".")
        digest = hashlib.sha256(content).hexdigest()[:16]
        found[plain] = Asset(f"{stem}.{digest}.{extension}", _MEDIA_TYPES[extension], content)
    return found


def asset_url(plain: str) -> str:
    return f"{ASSETS_PATH}/{assets()[plain].name}"


def graphiql_page() -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Jobboard GraphQL</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{asset_url("graphiql.min.css")}">\n'
        f'<link rel="stylesheet" href="{asset_url("graphiql.css")}">\n'
        "</head>\n<body>\n"
        f'<div id="graphiql" data-endpoint="{escape(PATH)}">Loading GraphiQL…</div>\n'
        f'<script src="{asset_url("react.production.min.js")}"></script>\n'
        f'<script src="{asset_url("react-dom.production.min.js")}"></script>\n'
        f'<script src="{asset_url("graphiql.min.js")}"></script>\n'
        f'<script src="{asset_url("graphiql-init.js")}"></script>\n'
        "</body>\n</html>\n"
    )


assets_router = APIRouter(include_in_schema=False)


@assets_router.get(ASSETS_PATH + "/{name}")
async def graphiql_asset(name: str) -> Response:
    found = next((asset for asset in assets().values() if asset.name == name), None)
    if found is None:
        raise NotFound(f"There is no GraphiQL file {name!r}.")
    return Response(
        found.content, media_type=found.media_type, headers={"Cache-Control": IMMUTABLE}
    )


async def get_context(connection: HTTPConnection) -> GraphQLContext:
    """The caller of an HTTP request is its bearer token's (401 for a bad one, as REST
    answers); a WebSocket's is set by its connection_init payload (``on_ws_connect``)."""
    state = connection.app.state
    context = GraphQLContext(database=state.database, cache=state.cache)
    if isinstance(connection, Request):
        context.principal = await get_principal(connection)
    return context


def _writes(request_data: GraphQLRequestData | list[GraphQLRequestData]) -> bool:
    """Whether the request may hold a mutation (then SQLite takes its write lock at BEGIN)."""
    documents = request_data if isinstance(request_data, list) else [request_data]
    return any("mutation" in (data.query or "") for data in documents)


class JobboardGraphQLRouter(GraphQLRouter[GraphQLContext, None]):
    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return HTMLResponse(
            graphiql_page(),
            headers={"Cache-Control": "no-cache", "Content-Security-Policy": GRAPHIQL_CSP},
        )

    async def run(  # type: ignore[override]
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response | WebSocket:
        """Requests that are not GraphQL at all (a body that is not JSON, no query) are
        problems like every other 4xx of the API, not plain text."""
        try:
            return await super().run(request, context, root_value)
        except StrawberryHTTPException as error:
            raise BadRequest(error.reason) from error

    async def execute_operation(
        self,
        request: Request,
        request_adapter: Any,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: GraphQLContext,
        root_value: None,
        sub_response: Response,
    ) -> Any:
        """Run the operation(s) in one session whose transaction commits at the end."""
        database: Database = context.database
        token = write_intent.set(request_adapter.method == "POST" and _writes(request_data))
        try:
            async with database.sessionmaker() as session:
                context.session = session
                try:
                    result = await super().execute_operation(
                        request=request,
                        request_adapter=request_adapter,
                        request_data=request_data,
                        context=context,
                        root_value=root_value,
                        sub_response=sub_response,
                    )
                    await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
                finally:
                    context.session = None
                return result
        finally:
            write_intent.reset(token)

    async def on_ws_connect(self, context: GraphQLContext) -> UnsetType | dict[str, object] | None:
        """Verify the token the client sends in ``connection_init`` (``{"Authorization":
        "Bearer ..."}``); a bad one closes the connection (4403)."""
        params = context.connection_params
        header = params.get("Authorization") if isinstance(params, Mapping) else None
        if header is None:
            return None
        scheme, _, token = str(header).partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise GraphQLError("Send the access token as `Authorization: Bearer <token>`.")
        websocket = context.request
        assert websocket is not None
        state = websocket.app.state
        try:
            context.principal = await principal_from_token(
                token.strip(),
                keyring=state.keyring,
                database=state.database,
                cache=state.cache,
                settings=state.settings,
            )
        except InvalidToken as error:
            raise GraphQLError(error.detail) from error
        return None


def install(app: FastAPI) -> None:
    router = JobboardGraphQLRouter(
        schema,
        path=PATH,
        context_getter=get_context,
        graphql_ide="graphiql",
        multipart_uploads_enabled=False,
    )
    app.include_router(router, include_in_schema=False)
    app.include_router(assets_router)
