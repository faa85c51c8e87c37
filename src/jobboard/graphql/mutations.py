"""The mutations: each runs in a savepoint of its own (a failed one writes nothing; those
before it in the same request stay), calls the same service as its REST endpoint and checks
its input with the same Pydantic model.

Creating mutations take an ``idempotencyKey`` with the semantics of REST's
Idempotency-Key: the same key and the same arguments within 24 hours answer the object the
first call created (``replayed: true``) without creating another; the same key with other
arguments is an ``idempotency-key-reused`` error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from enum import Enum
from typing import Annotated, Any

import strawberry
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from jobboard.alerts import readers as alert_readers
from jobboard.alerts import service as alerts_service
from jobboard.alerts.schemas import SavedSearchCreate, SavedSearchUpdate
from jobboard.applications import readers as application_readers
from jobboard.applications import service as application_service
from jobboard.applications.schemas import (
    ApplicationCreate,
    NoteCreate,
    TransitionCreate,
    WithdrawCreate,
)
from jobboard.errors import BadRequest, IdempotencyKeyReused, PreconditionFailed
from jobboard.graphql import inputs, types
from jobboard.graphql.context import GraphQLContext, context_of
from jobboard.graphql.resolvers import http_request, settings_of, validated
from jobboard.idempotency import find_record
from jobboard.jobs import service as job_service
from jobboard.jobs.readers import job_read
from jobboard.jobs.schemas import JobClose, JobCreate, JobUpdate
from jobboard.kit.clock import utcnow
from jobboard.models import Application, IdempotencyRecord
from jobboard.search.dependencies import vocabulary_for
from jobboard.seekers import service as seeker_service
from jobboard.seekers.service import require_seeker


@asynccontextmanager
async def unit(info: Info[Any, Any]) -> AsyncIterator[tuple[GraphQLContext, AsyncSession]]:
    """The mutation's own savepoint inside the request's transaction."""
    context = context_of(info)
    async with context.db() as session, session.begin_nested():
        yield context, session


def _check_version(expected: int | None, actual: int, what: str) -> None:
    """``expectedVersion`` is the GraphQL form of If-Match."""
    if expected is not None and expected != actual:
        raise PreconditionFailed(
            f"The {what} changed since you read it (version {actual}, you sent {expected}); "
            "read it again and retry."
        )


def _request_hash(mutation: str, arguments: dict[str, Any]) -> str:
    described = json.dumps(arguments, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(f"graphql:{mutation}\x00{described}".encode()).hexdigest()


async def once(
    context: GraphQLContext,
    session: AsyncSession,
    *,
    mutation: str,
    key: str | None,
    arguments: dict[str, Any],
    create: Callable[[], Awaitable[int]],
) -> tuple[int, bool]:
    """Run ``create`` (which returns the new object's id) unless this key already did:
    (the id, whether it was replayed)."""
    if key is None:
        return await create(), False
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        raise BadRequest(
            "idempotencyKey must be 1 to 255 printable ASCII characters.",
            errors=[{"field": "idempotencyKey", "message": "1 to 255 printable ASCII"}],
        )
    principal = context.principal
    owner = principal.owner_key[:64]
    request_hash = _request_hash(mutation, arguments)

    def replay(record: IdempotencyRecord) -> tuple[int, bool]:
        if record.request_hash != request_hash:
            raise IdempotencyKeyReused(
                "This idempotencyKey was used for a different request; use a new key for a "
                "new request.",
                idempotency_key=key,
            )
        return int(json.loads(record.response_body)["id"]), True

    record = await find_record(session, owner=owner, key=key)
    if record is not None:
        return replay(record)
    try:
        async with session.begin_nested():
            created = await create()
            now = utcnow()
            session.add(
                IdempotencyRecord(
                    owner=owner,
                    key=key,
                    method="POST",
                    path=f"/graphql#{mutation}",
                    request_hash=request_hash,
                    status_code=200,
                    response_headers={},
                    response_body=json.dumps({"id": created}).encode(),
                    created_at=now,
                    expires_at=now + timedelta(hours=settings_of(context).idempotency_ttl_hours),
                )
            )
            await session.flush()
    except IntegrityError:
        # A concurrent call with the same key committed first: its answer is the answer.
        record = await find_record(session, owner=owner, key=key)
        if record is None:
            raise
        return replay(record)
    return created, False


@strawberry.type
class JobPayload:
    job: types.Job
    replayed: bool = False
    client_mutation_id: str | None = None


@strawberry.type
class SavedJobPayload:
    saved_job: types.SavedJob
    created: bool = strawberry.field(description="False when the job was saved already.")


@strawberry.type
class DeletedPayload:
    deleted_id: strawberry.ID


@strawberry.type
class SavedSearchPayload:
    saved_search: types.SavedSearch
    webhook_secret: str | None = strawberry.field(
        default=None, description="The alert webhook's signing secret, shown once."
    )
    replayed: bool = False
    client_mutation_id: str | None = None


@strawberry.type
class ApplicationPayload:
    application: types.Application
    replayed: bool = False
    client_mutation_id: str | None = None


@strawberry.type
class NotePayload:
    note: types.Note


@strawberry.enum
class ClosingReason(Enum):
    FILLED = "filled"
    CANCELLED = "cancelled"
    ON_HOLD = "on_hold"
    DUPLICATE = "duplicate"
    REMOVED_FROM_SOURCE = "removed_from_source"
    MODERATED = "moderated"
    OTHER = "other"


IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="Any unique string (a UUID is best): a retry with the same key and the "
        "same arguments answers the first call's object for 24 hours instead of creating "
        "another."
    ),
]


async def _application_payload(
    context: GraphQLContext,
    session: AsyncSession,
    application: Application,
    *,
    replayed: bool = False,
    client_mutation_id: str | None = None,
) -> ApplicationPayload:
    read = await application_readers.application_read(session, context.principal, application)
    return ApplicationPayload(
        application=types.Application.of(read),
        replayed=replayed,
        client_mutation_id=client_mutation_id,
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Save a job (seekers); saving it again changes nothing.")
    async def save_job(self, info: Info[Any, Any], job_id: strawberry.ID) -> SavedJobPayload:
        number = types.database_id(job_id, "Job")
        async with unit(info) as (context, session):
            saved, job, created = await seeker_service.save_job(
                session, principal=context.principal, job_id=number
            )
            found = await seeker_service.jobs_by_id(session, [job.id])
            read = job_read(found[job.id], utcnow())
        return SavedJobPayload(
            saved_job=types.SavedJob(job=types.Job.of(read), saved_at=saved.created_at),
            created=created,
        )

    @strawberry.mutation(description="Forget a saved job.")
    async def unsave_job(self, info: Info[Any, Any], job_id: strawberry.ID) -> DeletedPayload:
        number = types.database_id(job_id, "Job")
        async with unit(info) as (context, session):
            user_id = require_seeker(context.principal)
            await seeker_service.unsave_job(session, user_id=user_id, job_id=number)
        return DeletedPayload(deleted_id=types.global_id("Job", number))

    @strawberry.mutation(description="Save a search and choose how to hear of new jobs.")
    async def create_saved_search(
        self,
        info: Info[Any, Any],
        input: inputs.SavedSearchInput,
        idempotency_key: IdempotencyKey = None,
        client_mutation_id: str | None = None,
    ) -> SavedSearchPayload:
        data = inputs.without_nulls(inputs.plain(input))
        body = validated(SavedSearchCreate, data)
        async with unit(info) as (context, session):
            user_id = require_seeker(context.principal)

            async def create() -> int:
                saved = await alerts_service.create(
                    session,
                    user_id=user_id,
                    body=body,
                    vocabulary=await vocabulary_for(http_request(context), session, body.search.q),
                    now=utcnow(),
                )
                return saved.id

            saved_id, replayed = await once(
                context,
                session,
                mutation="createSavedSearch",
                key=idempotency_key,
                arguments=data,
                create=create,
            )
            saved = await alerts_service.get_owned(
                session, user_id=user_id, saved_search_id=saved_id
            )
            read = alert_readers.saved_read(saved, settings_of(context))
        return SavedSearchPayload(
            saved_search=types.SavedSearch.of(read),
            webhook_secret=saved.webhook_secret,
            replayed=replayed,
            client_mutation_id=client_mutation_id,
        )

    @strawberry.mutation(description="Change a saved search; only the fields given change.")
    async def update_saved_search(
        self,
        info: Info[Any, Any],
        id: strawberry.ID,
        input: inputs.SavedSearchUpdateInput,
        client_mutation_id: str | None = None,
    ) -> SavedSearchPayload:
        number = types.database_id(id, "SavedSearch")
        data = inputs.plain(input)
        if isinstance(data.get("search"), dict):
            data["search"] = inputs.without_nulls(data["search"])
        body = validated(SavedSearchUpdate, data)
        async with unit(info) as (context, session):
            user_id = require_seeker(context.principal)
            saved = await alerts_service.get_owned(session, user_id=user_id, saved_search_id=number)
            text = body.search.q if body.search is not None else ""
            secret = await alerts_service.update_saved(
                session,
                saved=saved,
                body=body,
                vocabulary=await vocabulary_for(http_request(context), session, text),
                now=utcnow(),
            )
            read = alert_readers.saved_read(saved, settings_of(context))
        return SavedSearchPayload(
            saved_search=types.SavedSearch.of(read),
            webhook_secret=secret,
            client_mutation_id=client_mutation_id,
        )

    @strawberry.mutation(description="Delete a saved search; its alerts and feeds stop.")
    async def delete_saved_search(self, info: Info[Any, Any], id: strawberry.ID) -> DeletedPayload:
        number = types.database_id(id, "SavedSearch")
        async with unit(info) as (context, session):
            user_id = require_seeker(context.principal)
            saved = await alerts_service.get_owned(session, user_id=user_id, saved_search_id=number)
            await alerts_service.delete_saved(session, saved=saved)
        return DeletedPayload(deleted_id=types.global_id("SavedSearch", number))

    @strawberry.mutation(description="Apply to a job, answering its screening questions.")
    async def apply(
        self,
        info: Info[Any, Any],
        job_id: strawberry.ID,
        input: inputs.ApplyInput | None = None,
        idempotency_key: IdempotencyKey = None,
        client_mutation_id: str | None = None,
    ) -> ApplicationPayload:
        number = types.database_id(job_id, "Job")
        data = inputs.without_nulls(inputs.plain(input)) if input is not None else {}
        body = validated(ApplicationCreate, data)
        async with unit(info) as (context, session):

            async def create() -> int:
                created = await application_service.apply(
                    session, principal=context.principal, job_id=number, data=body
                )
                return created.id

            application_id, replayed = await once(
                context,
                session,
                mutation="apply",
                key=idempotency_key,
                arguments={"jobId": number, **data},
                create=create,
            )
            application = await application_service.get_readable(
                session, principal=context.principal, application_id=application_id
            )
            return await _application_payload(
                context,
                session,
                application,
                replayed=replayed,
                client_mutation_id=client_mutation_id,
            )

    @strawberry.mutation(description="Withdraw your open application (the candidate only).")
    async def withdraw_application(
        self,
        info: Info[Any, Any],
        id: strawberry.ID,
        reason: str | None = None,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> ApplicationPayload:
        number = types.database_id(id, "Application")
        body = validated(WithdrawCreate, {} if reason is None else {"reason": reason})
        async with unit(info) as (context, session):
            application = await application_service.get_readable(
                session, principal=context.principal, application_id=number
            )
            _check_version(expected_version, application.version, "application")
            application = await application_service.withdraw(
                session, principal=context.principal, application=application, reason=body.reason
            )
            return await _application_payload(
                context, session, application, client_mutation_id=client_mutation_id
            )

    @strawberry.mutation(
        description="Move an application to another stage, with an optional message to the "
        "candidate (owners, recruiters, the company's API client)."
    )
    async def move_application(
        self,
        info: Info[Any, Any],
        id: strawberry.ID,
        to: str,
        message: str | None = None,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> ApplicationPayload:
        number = types.database_id(id, "Application")
        body = validated(
            TransitionCreate, {"to": to} if message is None else {"to": to, "message": message}
        )
        async with unit(info) as (context, session):
            application = await application_service.get_readable(
                session, principal=context.principal, application_id=number
            )
            _check_version(expected_version, application.version, "application")
            application = await application_service.transition(
                session,
                principal=context.principal,
                application=application,
                to=body.to,
                message=body.message,
            )
            return await _application_payload(
                context, session, application, client_mutation_id=client_mutation_id
            )

    @strawberry.mutation(description="A private note on an application, for the company.")
    async def add_note(
        self, info: Info[Any, Any], application_id: strawberry.ID, body: str
    ) -> NotePayload:
        number = types.database_id(application_id, "Application")
        checked = validated(NoteCreate, {"body": body})
        async with unit(info) as (context, session):
            application = await application_service.get_readable(
                session, principal=context.principal, application_id=number
            )
            note = await application_service.add_note(
                session, principal=context.principal, application=application, body=checked.body
            )
        return NotePayload(
            note=types.Note(
                id=note.id, author=note.author, body=note.body, created_at=note.created_at
            )
        )

    @strawberry.mutation(description="Post a job, as a draft unless `status` says published.")
    async def create_job(
        self,
        info: Info[Any, Any],
        input: inputs.JobInput,
        idempotency_key: IdempotencyKey = None,
        client_mutation_id: str | None = None,
    ) -> JobPayload:
        data = inputs.without_nulls(inputs.plain(input))
        body = validated(JobCreate, data)
        async with unit(info) as (context, session):

            async def create() -> int:
                job = await job_service.create_job(session, principal=context.principal, data=body)
                return job.id

            job_id, replayed = await once(
                context,
                session,
                mutation="createJob",
                key=idempotency_key,
                arguments=data,
                create=create,
            )
            job = await job_service.get_readable(
                session, principal=context.principal, job_id=job_id
            )
            read = job_read(job, utcnow())
        return JobPayload(
            job=types.Job.of(read), replayed=replayed, client_mutation_id=client_mutation_id
        )

    @strawberry.mutation(description="Change some of a job's fields.")
    async def update_job(
        self,
        info: Info[Any, Any],
        id: strawberry.ID,
        input: inputs.JobUpdateInput,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> JobPayload:
        number = types.database_id(id, "Job")
        body = validated(JobUpdate, inputs.plain(input))
        async with unit(info) as (context, session):
            job = await job_service.get_manageable(
                session, principal=context.principal, job_id=number
            )
            _check_version(expected_version, job.version, "job")
            job = await job_service.update_job(session, job=job, data=body)
            read = job_read(job, utcnow())
        return JobPayload(job=types.Job.of(read), client_mutation_id=client_mutation_id)

    @strawberry.mutation(description="Publish a draft, or renew an expired job, for 30 days.")
    async def publish_job(
        self,
        info: Info[Any, Any],
        id: strawberry.ID,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> JobPayload:
        number = types.database_id(id, "Job")
        async with unit(info) as (context, session):
            job = await job_service.get_manageable(
                session, principal=context.principal, job_id=number
            )
            _check_version(expected_version, job.version, "job")
            job = await job_service.publish_job(session, job=job)
            read = job_read(job, utcnow())
        return JobPayload(job=types.Job.of(read), client_mutation_id=client_mutation_id)

    @strawberry.mutation(description="Close a published or expired job, with a reason.")
    async def close_job(
        self,
        info: Info[Any, Any],
        id: strawberry.ID,
        reason: ClosingReason,
        note: str | None = None,
        expected_version: int | None = None,
        client_mutation_id: str | None = None,
    ) -> JobPayload:
        number = types.database_id(id, "Job")
        data: dict[str, Any] = {"reason": reason.value}
        if note is not None:
            data["note"] = note
        body = validated(JobClose, data)
        async with unit(info) as (context, session):
            job = await job_service.get_manageable(
                session, principal=context.principal, job_id=number
            )
            _check_version(expected_version, job.version, "job")
            job = await job_service.close_job(session, job=job, data=body, actor=context.principal)
            read = job_read(job, utcnow())
        return JobPayload(job=types.Job.of(read), client_mutation_id=client_mutation_id)
