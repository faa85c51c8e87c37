"""What one GraphQL request may ask for: depth, aliases, tokens, operations per batch, and a
cost per request and per minute.

The cost of an operation is counted on its document before anything runs: every object or
list field costs one (scalars are free: they are read from objects already loaded), and
what is selected under a list costs as many times as the list may hold (``first`` or
``limit``, else the page size of 20 for connections). The per-minute budget is spent in
the shared cache like the REST rate limits (``graphql_cost`` in ``JOBBOARD_RATE_LIMITS``), per
account or API client, per address for anonymous callers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from starlette.responses import Response
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from jobboard import ratelimit
from jobboard.errors import JobboardError
from jobboard.graphql.context import GraphQLContext
from jobboard.graphql.errors import GraphQLProblem

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 4000
MAX_BATCH = 5
MAX_COST = 2500
# Fields of a document once its fragments are spread: validation walks them all, so ten
# fragments that each spread the previous one ten times would keep it busy for minutes.
MAX_EXPANDED_FIELDS = 2000
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CONNECTIONS = frozenset(
    {
        "jobs",
        "openJobs",
        "savedJobs",
        "savedSearches",
        "applications",
        "applicants",
        "notifications",
    }
)
COST_LIMIT = "graphql_cost"


def _argument(node: FieldNode, name: str, variables: Mapping[str, Any]) -> int | None:
    for argument in node.arguments or ():
        if argument.name.value != name:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            return given if isinstance(given, int) else None
    return None


def _multiplier(node: FieldNode, variables: Mapping[str, Any]) -> int:
    size = _argument(node, "first", variables) or _argument(node, "limit", variables)
    if size is None:
        return PAGE_SIZE if node.name.value in CONNECTIONS else 1
    return max(1, min(size, MAX_PAGE_SIZE))


class _Counter:
    def __init__(
        self, fragments: Mapping[str, FragmentDefinitionNode], variables: Mapping[str, Any]
    ) -> None:
        self.fragments = fragments
        self.variables = variables
        self.fragment_costs: dict[str, int] = {}

    def selections(self, selection_set: SelectionSetNode | None) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    # A scalar is read from an object already loaded: free.
                    continue
                inner = self.selections(selection.selection_set)
                total += 1 + inner * _multiplier(selection, self.variables)
            elif isinstance(selection, InlineFragmentNode):
                total += self.selections(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value)
            if total > MAX_COST * MAX_PAGE_SIZE:
                break
        return total

    def fragment(self, name: str) -> int:
        # Remembered per name: a document that spreads one fragment many times (a fragment
        # bomb) is counted in time proportional to its size.
        if name not in self.fragment_costs:
            self.fragment_costs[name] = 0
            definition = self.fragments.get(name)
            if definition is not None:
                self.fragment_costs[name] = self.selections(definition.selection_set)
        return self.fragment_costs[name]


def operation_cost(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
) -> int:
    return _Counter(fragments, variables or {}).selections(operation.selection_set)


def expanded_fields(document: DocumentNode) -> int:
    """How many fields the document holds with every fragment spread, counted once per
    fragment (linear in the document's size); a spread of a fragment cycle counts nothing
    (validation refuses cycles)."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    sizes: dict[str, int] = {}

    def count(selection_set: SelectionSetNode | None) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += 1 + count(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                total += count(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total += fragment(selection.name.value)
            if total > MAX_EXPANDED_FIELDS:
                break
        return total

    def fragment(name: str) -> int:
        if name not in sizes:
            sizes[name] = 0
            definition = fragments.get(name)
            if definition is not None:
                sizes[name] = count(definition.selection_set)
        return sizes[name]

    return sum(
        count(definition.selection_set)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


class DocumentSize(SchemaExtension):
    """Refuse, right after parsing, a document whose fragments multiply it past
    MAX_EXPANDED_FIELDS: before validation would walk every copy."""

    def on_parse(self) -> Iterator[None]:
        yield
        document = self.execution_context.graphql_document
        if document is not None and expanded_fields(document) > MAX_EXPANDED_FIELDS:
            raise GraphQLProblem(
                f"The document holds more than {MAX_EXPANDED_FIELDS} fields once its "
                "fragments are spread; ask for less.",
                maxFields=MAX_EXPANDED_FIELDS,
            )


# Built once: the validation cache keys on the rule classes, and each limiter extension
# made afresh would bring classes of its own, so every request would be validated again.
_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]


class ValidationLimits(AddValidationRules):
    """Depth and alias limits, checked with the rest of validation (and cached with it)."""

    def __init__(self) -> None:
        super().__init__(_RULES)


def _caller_key(context: GraphQLContext) -> str:
    principal = context.principal
    if not principal.is_anonymous:
        return principal.owner_key
    request = context.request
    client = request.client if request is not None else None
    return f"address:{client.host if client else 'unknown'}"


def _refuse(problem: JobboardError) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(problem.detail, original_error=problem)])


class CostLimit(SchemaExtension):
    """Refuse an operation over the per-request budget, and spend it from the caller's
    per-minute budget (its RateLimit-* headers go on the answer)."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        document = execution.graphql_document
        if document is None or execution.result is not None:
            yield
            return
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        operation = next(
            (
                definition
                for definition in document.definitions
                if isinstance(definition, OperationDefinitionNode)
                and (
                    execution.operation_name is None
                    or (
                        definition.name is not None
                        and definition.name.value == execution.operation_name
                    )
                )
            ),
            None,
        )
        cost = operation_cost(operation, fragments, execution.variables) if operation else 0
        context = execution.context
        if cost > MAX_COST:
            execution.result = _refuse(
                GraphQLProblem(
                    f"This operation would cost {cost} (at most {MAX_COST}): ask for smaller "
                    "pages (`first`) or fewer nested lists.",
                    cost=cost,
                    maxCost=MAX_COST,
                )
            )
        elif isinstance(context, GraphQLContext) and context.request is not None:
            try:
                usage = await spend_per_minute(context, cost=cost, key=_caller_key(context))
            except ratelimit.RateLimited as limited:
                usage_headers = limited.headers
                execution.result = _refuse(limited)
            else:
                usage_headers = usage.headers()
            if isinstance(context.response, Response):
                context.response.headers.update(usage_headers)
        yield


async def spend_per_minute(context: GraphQLContext, *, cost: int, key: str) -> ratelimit.Usage:
    """Spend ``cost`` from the caller's per-minute budget; raise RateLimited when spent."""
    request = context.request
    assert request is not None
    limit = ratelimit.limit_named(COST_LIMIT, request.app.state.settings.rate_limits)
    return await ratelimit.spend(context.cache, limit, key, amount=max(1, cost))
