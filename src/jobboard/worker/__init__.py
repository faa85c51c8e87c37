"""Background work behind one small port: register tasks, defer them inside the caller's
transaction, and run them (procrastinate on PostgreSQL, an in-process runner on SQLite)."""

from jobboard.worker.queue import defer
from jobboard.worker.registry import RetryPolicy, TaskContext, TaskDefinition, periodic, task

__all__ = ["RetryPolicy", "TaskContext", "TaskDefinition", "defer", "periodic", "task"]
