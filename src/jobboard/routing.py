"""The route class that gives every API request its own transaction.

The endpoint runs inside a session; when it returns, the transaction commits (with the
stored Idempotency-Key answer, if any) before the response leaves. Any error rolls back, so
a failed request never leaves a partial write.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from email.message import Message
from typing import Any

from fastapi import Request, Response, params
from fastapi.routing import APIRoute

from jobboard import idempotency, problems
from jobboard.db import Database, write_intent
from jobboard.errors import UnsupportedMediaType, ValidationFailed

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _is_json(content_type: str) -> bool:
    """Whether FastAPI parses a body of this type as JSON (application/json or +json)."""
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_NUL = "\x00"
_NUL_MESSAGE = "must not contain a NUL character"


async def refuse_nul_characters(request: Request) -> None:
    """Refuse a NUL character anywhere in the path, the query or a form's text fields.

    No value of this API holds one, PostgreSQL cannot store one in text (psycopg raises
    DataError) and SQLite cuts strings at it, so it is refused before any parameter is read,
    on every route, like InputModel refuses it in JSON bodies. Files keep their bytes.
    """
    fields = []
    if _NUL in request.scope["path"]:
        fields.append("path")
    fields += [
        f"query.{name.replace(_NUL, '')}"
        for name, value in request.query_params.multi_items()
        if _NUL in name or _NUL in value
    ]
    if request.headers.get("content-type", "").startswith(_FORM_TYPES):
        form = await request.form()
        fields += [
            f"body.{name.replace(_NUL, '')}"
            for name, value in form.multi_items()
            if _NUL in name or (isinstance(value, str) and _NUL in value)
        ]
    if fields:
        raise ValidationFailed(
            f"Check these fields: {', '.join(dict.fromkeys(fields))}.",
            errors=[
                {"field": field, "message": _NUL_MESSAGE, "code": "nul_character"}
                for field in fields
            ],
        )


class UnitOfWorkRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        takes_json = self.body_field is not None and not isinstance(
            self.body_field.field_info, params.Form
        )

        async def run_in_transaction(request: Request) -> Response:
            content_type = request.headers.get("content-type")
            if takes_json and content_type and not _is_json(content_type):
                # FastAPI would hand the raw bytes to validation and answer a puzzling 422.
                raise UnsupportedMediaType(
                    f"Send the body as JSON with `Content-Type: application/json`, "
                    f"not {content_type!r}."
                )
            await refuse_nul_characters(request)
            try:
                return await run(request)
            except problems.DATABASE_UNAVAILABLE as error:
                # A JobboardError, so pages answer it as a page and the API as a problem.
                raise problems.unavailable(error) from error

        async def run(request: Request) -> Response:
            database: Database = request.app.state.database
            token = write_intent.set(request.method not in _READ_METHODS)
            try:
                async with database.sessionmaker() as session:
                    request.state.db_session = session
                    try:
                        response = await handler(request)
                        pending = getattr(request.state, "idempotency", None)
                        if pending is not None and 200 <= response.status_code < 300:
                            idempotency.store_response(session, pending, response)
                        await session.commit()
                    except idempotency.Replay as replay:
                        await session.rollback()
                        return replay.response
                    except Exception:
                        await session.rollback()
                        pending = getattr(request.state, "idempotency", None)
                        if pending is None:
                            raise
                        # A concurrent request with the same key may have committed first;
                        # its answer is the answer.
                        record = await idempotency.find_record(
                            session, owner=pending.owner, key=pending.key
                        )
                        if record is not None:
                            # Detach it so the rollback does not expire what it holds.
                            session.expunge(record)
                        await session.rollback()
                        if record is None:
                            raise
                        return idempotency.check_record(record, pending)
                    return response
            finally:
                write_intent.reset(token)

        return run_in_transaction
