"""The schema: query, mutation and subscription roots, and the extensions that bound what
one request may cost and turn failures into problem-coded GraphQL errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing
from typing import Any

import strawberry
from strawberry.extensions import (
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult

from graphql import GraphQLError
from jobboard.graphql import types
from jobboard.graphql.errors import describe
from jobboard.graphql.inputs import SCALARS
from jobboard.graphql.limits import (
    MAX_BATCH,
    MAX_TOKENS,
    CostLimit,
    DocumentSize,
    ValidationLimits,
)
from jobboard.graphql.mutations import Mutation
from jobboard.graphql.queries import Query
from jobboard.graphql.subscriptions import Subscription


class JobboardSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are logged once, by ``errors.describe``, and only those that are bugs."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """Every error of the result says what REST would (``errors.describe``), whichever
        step found it: parsing, validation, the cost limits or a resolver."""
        result = await super().execute(*args, **kwargs)
        for error in result.errors or ():
            describe(error)
        return result

    async def stream(self, *args: Any, **kwargs: Any) -> Any:
        """Results over WebSocket say what REST would, like those of ``execute``."""
        source = await super().stream(*args, **kwargs)

        async def described() -> AsyncIterator[Any]:
            async with aclosing(source):
                async for result in source:
                    for error in getattr(result, "errors", None) or ():
                        describe(error)
                    yield result

        return described()


def build_schema() -> JobboardSchema:
    return JobboardSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            types.Job,
            types.Company,
            types.Category,
            types.Skill,
            types.Application,
            types.SavedSearch,
        ],
        extensions=[
            lambda: ParserCache(maxsize=256),
            DocumentSize,
            lambda: ValidationCache(maxsize=256),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            ValidationLimits,
            CostLimit,
        ],
        config=StrawberryConfig(batching_config={"max_operations": MAX_BATCH}, scalar_map=SCALARS),
    )


schema = build_schema()
