"""Task definitions: a name, an async function, a retry policy and, for some, a schedule.

A task function takes a ``TaskContext`` and keyword arguments that are plain JSON values,
opens its own unit of work, and is idempotent: running it twice has the effect of running
it once, because a worker that dies mid-task has its task run again.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobboard.db import Database


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff: wait ``base_seconds * factor ** (n - 1)`` after the n-th failure,
    at most ``max_seconds``, and give up after ``max_attempts`` tries in all."""

    max_attempts: int = 5
    base_seconds: float = 10.0
    factor: float = 2.0
    max_seconds: float = 3600.0

    def delay_after(self, attempts: int) -> float | None:
        """Seconds to wait after ``attempts`` failed tries, or None to give up."""
        if attempts >= self.max_attempts:
            return None
        return float(min(self.base_seconds * self.factor ** (attempts - 1), self.max_seconds))


@dataclass(frozen=True, slots=True)
class TaskContext:
    database: Database
    task_name: str
    attempt: int = 1
    """1 for the first try, 2 for the first retry, ..."""


TaskFunction = Callable[..., Awaitable[None]]


@dataclass(frozen=True, slots=True)
class TaskDefinition:
    name: str
    function: TaskFunction
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    async def run(self, context: TaskContext, args: dict[str, Any]) -> None:
        await self.function(context, **args)


@dataclass(frozen=True, slots=True)
class Schedule:
    """Run ``task`` once per ``every`` (whole minutes dividing an hour, or whole hours
    dividing a day), aligned on the clock, by exactly one worker."""

    task: TaskDefinition
    every: timedelta

    @property
    def cron(self) -> str:
        minutes = int(self.every.total_seconds() // 60)
        if minutes < 60:
            return f"*/{minutes} * * * *"
        return f"0 */{minutes // 60} * * *"

    def slot(self, now: datetime) -> int:
        """The start of the period ``now`` falls in, as a Unix timestamp."""
        seconds = int(self.every.total_seconds())
        return int(now.timestamp()) // seconds * seconds


class TaskRegistry:
    def __init__(self) -> None:
        self.tasks: dict[str, TaskDefinition] = {}
        self.schedules: dict[str, Schedule] = {}

    def add(self, definition: TaskDefinition) -> TaskDefinition:
        if definition.name in self.tasks:
            raise ValueError(f"task {definition.name!r} is registered twice")
        self.tasks[definition.name] = definition
        return definition

    def add_schedule(self, definition: TaskDefinition, every: timedelta) -> None:
        minutes, remainder = divmod(int(every.total_seconds()), 60)
        if remainder or not (
            (minutes < 60 and 60 % minutes == 0) or (minutes % 60 == 0 and 1440 % minutes == 0)
        ):
            raise ValueError("a schedule is whole minutes dividing an hour or hours dividing a day")
        self.schedules[definition.name] = Schedule(task=definition, every=every)


registry = TaskRegistry()


def task(
    name: str, *, retry: RetryPolicy | None = None
) -> Callable[[TaskFunction], TaskDefinition]:
    """Register an async function as a task: ``@task("feeds.sync")``."""

    def register(function: TaskFunction) -> TaskDefinition:
        return registry.add(
            TaskDefinition(name=name, function=function, retry=retry or RetryPolicy())
        )

    return register


def periodic(every: timedelta) -> Callable[[TaskDefinition], TaskDefinition]:
    """Schedule a registered task: ``@periodic(timedelta(minutes=5))`` above ``@task(...)``."""

    def schedule(definition: TaskDefinition) -> TaskDefinition:
        registry.add_schedule(definition, every)
        return definition

    return schedule


def import_task_modules(modules: Sequence[str]) -> TaskRegistry:
    """Import modules that register tasks (and e-mail messages) when they load; idempotent.
    Which modules is the caller's to say (``jobboard.wiring``): the queue knows no domain."""
    for module in modules:
        importlib.import_module(module)
    return registry
